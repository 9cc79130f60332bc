import { cn } from "@/components/ui/cn";
import type { Kpis } from "@/lib/metrics/query-metrics";

interface Tile {
  label: string;
  value: string;
  change: string | null;
  /** Whether the change is an improvement, a regression, or neither. */
  tone: "good" | "bad" | "neutral";
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const ms = (x: number | null) => (x === null ? "—" : `${x < 100 ? Math.round(x * 10) / 10 : Math.round(x)} ms`);

/** Relative change for counts and latencies; `lowerIsBetter` flips the tone. */
function relative(current: number | null, previous: number | null, lowerIsBetter = false): Pick<Tile, "change" | "tone"> {
  if (current === null || previous === null || previous === 0) return { change: previous === 0 && current ? "new" : null, tone: "neutral" };
  const delta = (current - previous) / previous;
  if (Math.abs(delta) < 0.005) return { change: "±0%", tone: "neutral" };
  const better = lowerIsBetter ? delta < 0 : delta > 0;
  return { change: `${delta > 0 ? "+" : "−"}${pct(Math.abs(delta))}`, tone: better ? "good" : "bad" };
}

/** Difference in points for rates and scores. */
function points(current: number | null, previous: number | null, scale: number, unit: string, lowerIsBetter = false): Pick<Tile, "change" | "tone"> {
  if (current === null || previous === null) return { change: null, tone: "neutral" };
  const delta = (current - previous) * scale;
  if (Math.abs(delta) < 0.05) return { change: `±0${unit}`, tone: "neutral" };
  const better = lowerIsBetter ? delta < 0 : delta > 0;
  return { change: `${delta > 0 ? "+" : "−"}${Math.abs(Math.round(delta * 10) / 10)}${unit}`, tone: better ? "good" : "bad" };
}

export function buildTiles(current: Kpis, previous: Kpis): Tile[] {
  return [
    { label: "Queries", value: current.queries.toLocaleString("en-GB"), ...relative(current.queries, previous.queries) },
    { label: "Latency p50", value: ms(current.p50), ...relative(current.p50, previous.p50, true) },
    { label: "Latency p95", value: ms(current.p95), ...relative(current.p95, previous.p95, true) },
    { label: "Mean quality", value: current.meanQuality === null ? "—" : current.meanQuality.toFixed(2), ...points(current.meanQuality, previous.meanQuality, 100, " pts") },
    { label: "Rated searches that helped", value: current.thumbsUpRate === null ? "—" : pct(current.thumbsUpRate), ...points(current.thumbsUpRate, previous.thumbsUpRate, 100, " pts") },
    { label: "Zero-result rate", value: current.zeroResultRate === null ? "—" : pct(current.zeroResultRate), ...points(current.zeroResultRate, previous.zeroResultRate, 100, " pts", true) },
  ];
}

export function KpiTiles({ current, previous }: { current: Kpis; previous: Kpis }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      {buildTiles(current, previous).map((tile) => (
        <div key={tile.label} className="rounded-xl border border-slate-200 bg-white p-4" data-testid={`kpi-${tile.label}`}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{tile.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value">{tile.value}</dd>
          <dd className={cn("text-xs", tile.tone === "good" ? "text-emerald-700" : tile.tone === "bad" ? "text-red-700" : "text-slate-500")}>
            {tile.change === null ? "no earlier data" : `${tile.change} vs previous period`}
          </dd>
        </div>
      ))}
    </dl>
  );
}
