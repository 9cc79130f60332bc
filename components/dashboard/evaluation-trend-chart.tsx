"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { MODE_COLORS, MODE_LABELS } from "@/components/charts/chart-theme";
import type { MetricKey } from "./evaluation-trend";

const timeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
/** "6 Dec, 09:05" (UTC). */
const runTime = (v: unknown) => timeFormat.format(new Date(String(v)));

/** EvaluationTrend's chart, in its own module so Recharts loads with it: one line per mode for one score. */
export function EvaluationTrendChart({ data, modes, metric, label }: { data: Record<string, number | string>[]; modes: string[]; metric: MetricKey; label: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 4, right: 12, bottom: 18, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={runTime} tick={{ fontSize: 11 }} minTickGap={24} label={{ value: "Evaluation run (UTC)", position: "insideBottom", offset: -10, fontSize: 11 }} />
        <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={52} label={{ value: `${label} (0–1)`, angle: -90, position: "insideLeft", fontSize: 11, style: { textAnchor: "middle" } }} />
        <Tooltip labelFormatter={runTime} formatter={(value) => (typeof value === "number" ? value.toFixed(3) : "—")} />
        <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
        {modes.map((mode) => (
          <Line key={`${mode}_${metric}`} dataKey={`${mode}_${metric}`} name={`${MODE_LABELS[mode] ?? mode} ${label}`} stroke={MODE_COLORS[mode]} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
