import { ChartCard } from "@/components/charts/chart-card";
import { MODE_COLORS, MODE_LABELS, SERIES_COLORS } from "@/components/charts/chart-theme";
import { LazyBarChart, LazyLineChart } from "@/components/charts/lazy-charts";
import type { QueryMetrics } from "@/lib/metrics/query-metrics";

export function QueryCharts({ metrics, bucket }: { metrics: QueryMetrics; bucket: "hour" | "day" }) {
  const empty = metrics.current.queries === 0;
  const rated = metrics.series.some((p) => p.thumbsUp + p.thumbsDown > 0);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard title="Queries over time" description={`Searches per ${bucket}, and how many found nothing`} empty={empty}>
        <LazyBarChart
          data={metrics.series.map((p) => ({ t: p.t, found: p.queries - p.zeroResults, none: p.zeroResults }))}
          xKey="t"
          bucket={bucket}
          stacked
          xLabel={bucket === "hour" ? "Hour (UTC)" : "Day (UTC)"}
          yLabel="Queries"
          series={[
            { key: "found", label: "With results", color: SERIES_COLORS.primary },
            { key: "none", label: "Zero results", color: SERIES_COLORS.bad },
          ]}
        />
      </ChartCard>
      <ChartCard title="Latency percentiles" description="Milliseconds from query to ranked results" empty={empty}>
        <LazyLineChart
          data={metrics.series}
          bucket={bucket}
          yLabel="Latency (ms)"
          unit=" ms"
          series={[
            { key: "p50", label: "p50", color: SERIES_COLORS.p50 },
            { key: "p95", label: "p95", color: SERIES_COLORS.p95 },
            { key: "p99", label: "p99", color: SERIES_COLORS.p99 },
          ]}
        />
      </ChartCard>
      <ChartCard title="Feedback over time" description="Thumbs up and down given on results" empty={!rated}>
        <LazyBarChart
          data={metrics.series}
          xKey="t"
          bucket={bucket}
          stacked
          xLabel={bucket === "hour" ? "Hour (UTC)" : "Day (UTC)"}
          yLabel="Ratings"
          series={[
            { key: "thumbsUp", label: "Thumbs up", color: SERIES_COLORS.good },
            { key: "thumbsDown", label: "Thumbs down", color: SERIES_COLORS.bad },
          ]}
        />
      </ChartCard>
      <ChartCard title="Quality score distribution" description="Runs by quality score (cosine similarity of the best result)" empty={empty}>
        <LazyBarChart
          data={metrics.qualityDistribution.map((b) => ({ score: `${(b.bucket / 10).toFixed(1)}–${((b.bucket + 1) / 10).toFixed(1)}`, runs: b.runs }))}
          xKey="score"
          xLabel="Quality score"
          yLabel="Runs"
          series={[{ key: "runs", label: "Runs", color: SERIES_COLORS.primary }]}
        />
      </ChartCard>
      <ChartCard title="Queries by mode" description="How often each retrieval mode was used" empty={empty}>
        <LazyBarChart
          data={metrics.byMode.map((m) => ({ mode: MODE_LABELS[m.mode] ?? m.mode, queries: m.queries }))}
          xKey="mode"
          xLabel="Mode"
          yLabel="Queries"
          colors={metrics.byMode.map((m) => MODE_COLORS[m.mode] ?? SERIES_COLORS.muted)}
          series={[{ key: "queries", label: "Queries", color: SERIES_COLORS.primary }]}
        />
      </ChartCard>
    </div>
  );
}
