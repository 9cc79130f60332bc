import { ChartCard } from "@/components/charts/chart-card";
import { SERIES_COLORS } from "@/components/charts/chart-theme";
import { LazyBarChart, LazyLineChart } from "@/components/charts/lazy-charts";
import { formatBytes } from "@/components/ui/format";
import type { UsageMetrics } from "@/lib/metrics/usage-metrics";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

const STATUS_COLORS: Record<string, string> = { completed: SERIES_COLORS.good, processing: SERIES_COLORS.primary, pending: SERIES_COLORS.muted, failed: SERIES_COLORS.bad };

/** The largest unit in which the peak is at least 1, so the axis reads "2.2 KB", not "0.0022 MB". */
function byteUnit(peak: number): { unit: string; divisor: number } {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (i < units.length - 1 && peak >= 1024 ** (i + 1)) i++;
  return { unit: units[i]!, divisor: 1024 ** i };
}

export function UsageSection({ usage, slug }: { usage: UsageMetrics; slug: string }) {
  const { unit, divisor } = byteUnit(Math.max(0, ...usage.storage.map((d) => d.totalBytes)));
  const documents = usage.documentsByStatus.reduce((n, s) => n + s.documents, 0);
  const c = usage.corrections;
  const applied = c.perDay.reduce((n, d) => n + d.applied, 0);
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Documents" value={documents.toLocaleString("en-GB")} hint={usage.documentsByStatus.map((s) => `${s.documents} ${s.status}`).join(" · ") || "none yet"} />
        <Stat label="Chunks" value={usage.chunks.toLocaleString("en-GB")} />
        <Stat label="Stored" value={formatBytes(usage.storedBytes)} />
        <Stat label="Active members" value={`${usage.activeMembers} of ${usage.members}`} hint="searched or uploaded in this range" />
        <Stat label="Corrections applied" value={applied.toLocaleString("en-GB")} hint={c.successRate === null ? "no outcomes reported" : `${Math.round(c.successRate * 100)}% reported right`} />
        <Stat label="Pending reviews" value={String(c.pendingReviews)} hint={c.pendingReviews ? "in the review queue" : "queue is empty"} />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard title="Documents by status" empty={documents === 0}>
          <LazyBarChart
            data={usage.documentsByStatus}
            xKey="status"
            xLabel="Status"
            yLabel="Documents"
            colors={usage.documentsByStatus.map((s) => STATUS_COLORS[s.status] ?? SERIES_COLORS.muted)}
            series={[{ key: "documents", label: "Documents", color: SERIES_COLORS.primary }]}
          />
        </ChartCard>
        <ChartCard title="Uploads per day" description="Documents uploaded each day" empty={usage.storage.every((d) => d.uploads === 0)}>
          <LazyBarChart data={usage.storage.map((d) => ({ ...d, t: `${d.day}T00:00:00Z` }))} xKey="t" bucket="day" xLabel="Day (UTC)" yLabel="Uploads" series={[{ key: "uploads", label: "Uploads", color: SERIES_COLORS.primary }]} />
        </ChartCard>
        <ChartCard title="Stored bytes" description="Total size of the originals at the end of each day" empty={usage.storage.length === 0 || usage.storedBytes === 0}>
          <LazyLineChart
            data={usage.storage.map((d) => ({ t: `${d.day}T00:00:00Z`, stored: d.totalBytes / divisor }))}
            bucket="day"
            yLabel={`Stored (${unit})`}
            unit={` ${unit}`}
            series={[{ key: "stored", label: "Stored", color: SERIES_COLORS.primary }]}
          />
        </ChartCard>
        <ChartCard title="Corrections applied per day" description="Occurrences corrected, and outcomes reported" empty={c.perDay.every((d) => d.applied + d.succeeded + d.failed === 0)}>
          <LazyBarChart
            data={c.perDay.map((d) => ({ ...d, t: `${d.day}T00:00:00Z` }))}
            xKey="t"
            bucket="day"
            xLabel="Day (UTC)"
            yLabel="Count"
            series={[
              { key: "applied", label: "Applied", color: SERIES_COLORS.primary },
              { key: "succeeded", label: "Reported right", color: SERIES_COLORS.good },
              { key: "failed", label: "Reported wrong", color: SERIES_COLORS.bad },
            ]}
          />
        </ChartCard>
      </div>
      <section className="rounded-xl border border-slate-200 bg-white" aria-label="Top corrections">
        <header className="border-b border-slate-100 px-4 py-3">
          <h3 className="text-sm font-semibold text-slate-900">Top corrections</h3>
          <p className="text-xs text-slate-500">Most applied in this range</p>
        </header>
        {c.top.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">No correction applied in this range.</p>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm">
            {c.top.map((t) => (
              <li key={t.id} className="flex justify-between gap-3 px-4 py-2">
                <a href={`/t/${slug}/corrections/all`} className="truncate text-slate-800 hover:underline">
                  {t.originalText} → {t.correctedText}
                </a>
                <span className="tabular-nums text-slate-600">{t.applied}×</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
