"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import { ChartCard } from "@/components/charts/chart-card";
import { WhenVisible } from "@/components/charts/lazy-charts";
import { cn } from "@/components/ui/cn";

type Row = { t: string; setName: string; mode: string; recall: number; mrr: number; ndcg: number };
const METRICS = [
  { key: "recall", label: "Recall@k" },
  { key: "mrr", label: "MRR" },
  { key: "ndcg", label: "nDCG@10" },
] as const;
export type MetricKey = (typeof METRICS)[number]["key"];

// Recharts is fetched when the chart is scrolled to, not with the page.
const EvaluationTrendChart = dynamic(() => import("./evaluation-trend-chart").then((m) => m.EvaluationTrendChart), { ssr: false });

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
      <WhenVisible>
        <EvaluationTrendChart data={[...byRun.values()]} modes={modes} metric={metric} label={shown.label} />
      </WhenVisible>
    </ChartCard>
  );
}
