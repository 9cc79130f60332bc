"use client";

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/chart-card";
import { MODE_COLORS, MODE_LABELS } from "@/components/charts/chart-theme";
import { cn } from "@/components/ui/cn";

type Row = { t: string; setName: string; mode: string; recall: number; mrr: number; ndcg: number };
const METRICS = [
  { key: "recall", label: "Recall@k" },
  { key: "mrr", label: "MRR" },
  { key: "ndcg", label: "nDCG@10" },
] as const;
type MetricKey = (typeof METRICS)[number]["key"];

const timeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/**
 * Evaluation-set scores per run for one metric at a time, one line per mode: three modes times
 * three metrics on one chart were nine lines no one could tell apart.
 */
export function EvaluationTrend({ rows }: { rows: Row[] }) {
  const [metric, setMetric] = useState<MetricKey>("recall");
  const byRun = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const point = byRun.get(r.t) ?? { t: r.t };
    for (const m of METRICS) point[`${r.mode}_${m.key}`] = r[m.key];
    byRun.set(r.t, point);
  }
  const modes = [...new Set(rows.map((r) => r.mode))];
  const sets = [...new Set(rows.map((r) => r.setName))];
  const shown = METRICS.find((m) => m.key === metric)!;
  const picker = (
    <div role="group" aria-label="Score shown" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {METRICS.map((m) => (
        <button
          key={m.key}
          type="button"
          aria-pressed={metric === m.key}
          onClick={() => setMetric(m.key)}
          className={cn("rounded px-2.5 py-1 text-xs font-medium", metric === m.key ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}
        >
          {m.label}
        </button>
      ))}
    </div>
  );
  return (
    <ChartCard
      title="Evaluation-set scores per run"
      description={sets.length ? `Sets: ${sets.join(", ")}. One line per search mode; pick the score to show.` : "Run an evaluation set (Search → Evaluation sets) to see its scores here"}
      empty={rows.length === 0}
      controls={picker}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...byRun.values()]} margin={{ top: 4, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" tickFormatter={(v: string) => timeFormat.format(new Date(v))} tick={{ fontSize: 11 }} minTickGap={24} label={{ value: "Evaluation run (UTC)", position: "insideBottom", offset: -10, fontSize: 11 }} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={52} label={{ value: `${shown.label} (0–1)`, angle: -90, position: "insideLeft", fontSize: 11, style: { textAnchor: "middle" } }} />
          <Tooltip labelFormatter={(v) => timeFormat.format(new Date(String(v)))} formatter={(value) => (typeof value === "number" ? value.toFixed(3) : "—")} />
          <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
          {modes.map((mode) => (
            <Line key={`${mode}_${metric}`} dataKey={`${mode}_${metric}`} name={`${MODE_LABELS[mode] ?? mode} ${shown.label}`} stroke={MODE_COLORS[mode]} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
