"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard } from "@/components/charts/chart-card";
import { MODE_COLORS, MODE_LABELS } from "@/components/charts/chart-theme";

type Row = { t: string; setName: string; mode: string; recall: number; mrr: number; ndcg: number };
const METRICS = [
  { key: "recall", label: "Recall@k", dash: "" },
  { key: "mrr", label: "MRR", dash: "6 3" },
  { key: "ndcg", label: "nDCG@10", dash: "2 3" },
] as const;

const timeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** Evaluation-set scores per run: colour is the mode, the dash pattern the metric. */
export function EvaluationTrend({ rows }: { rows: Row[] }) {
  const byRun = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const point = byRun.get(r.t) ?? { t: r.t };
    for (const m of METRICS) point[`${r.mode}_${m.key}`] = r[m.key];
    byRun.set(r.t, point);
  }
  const modes = [...new Set(rows.map((r) => r.mode))];
  const sets = [...new Set(rows.map((r) => r.setName))];
  return (
    <ChartCard title="Evaluation-set scores per run" description={sets.length ? `Sets: ${sets.join(", ")}` : "Run an evaluation set (Search → Evaluation sets) to see its scores here"} empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...byRun.values()]} margin={{ top: 4, right: 12, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" tickFormatter={(v: string) => timeFormat.format(new Date(v))} tick={{ fontSize: 11 }} minTickGap={24} label={{ value: "Evaluation run (UTC)", position: "insideBottom", offset: -10, fontSize: 11 }} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={52} label={{ value: "Score (0–1)", angle: -90, position: "insideLeft", fontSize: 11, style: { textAnchor: "middle" } }} />
          <Tooltip labelFormatter={(v) => timeFormat.format(new Date(String(v)))} formatter={(value) => (typeof value === "number" ? value.toFixed(3) : "—")} />
          <Legend verticalAlign="top" height={36} wrapperStyle={{ fontSize: 11 }} />
          {modes.flatMap((mode) =>
            METRICS.map((m) => (
              <Line key={`${mode}_${m.key}`} dataKey={`${mode}_${m.key}`} name={`${MODE_LABELS[mode] ?? mode} ${m.label}`} stroke={MODE_COLORS[mode]} strokeDasharray={m.dash} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            )),
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
