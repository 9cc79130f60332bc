import type { Metadata } from "next";
import { Suspense } from "react";
import { EvaluationTrend } from "@/components/dashboard/evaluation-trend";
import { KpiTiles } from "@/components/dashboard/kpi-tiles";
import { QueryCharts } from "@/components/dashboard/query-charts";
import { QueryTables } from "@/components/dashboard/query-tables";
import { RangePicker } from "@/components/dashboard/range-picker";
import { UsageSection } from "@/components/dashboard/usage-section";
import { plural } from "@/components/ui/format";
import { toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { resolveRange, type DashboardRange } from "@/lib/metrics/dashboard-range";
import { getEvaluationTrend, getQueryMetrics, getQueryTables } from "@/lib/metrics/query-metrics";
import { getUsageMetrics } from "@/lib/metrics/usage-metrics";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Dashboard" };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** "day before", "7 days before": the window the figures are compared with, as long as the range. */
function previousPeriod(range: DashboardRange): string {
  const days = Math.round((range.to.getTime() - range.from.getTime()) / 86_400_000) || 1;
  return days === 1 ? "day before" : `${plural(days, "day")} before`;
}

function Skeleton({ label, className = "h-64" }: { label: string; className?: string }) {
  return <div role="status" aria-label={label} className={`animate-pulse rounded-xl bg-slate-100 ${className}`} />;
}

/** A section that fails shows its own message; the rest of the dashboard still renders. */
async function loadSection<T>(name: string, actor: Actor, load: () => Promise<T>): Promise<{ data: T } | { error: string }> {
  try {
    return { data: await load() };
  } catch (error) {
    return { error: toAppError(error, { section: name, tenantId: actor.tenantId }).message };
  }
}

function SectionError({ message }: { message: string }) {
  return <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">This part of the dashboard could not be loaded: {message} Reload the page to try again.</p>;
}

async function QuerySection({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const result = await loadSection("query metrics", actor, () => getQueryMetrics({ actor, range }));
  if ("error" in result) return <SectionError message={result.error} />;
  const metrics = result.data;
  return (
    <div className="space-y-4">
      <KpiTiles current={metrics.current} previous={metrics.previous} />
      <QueryCharts metrics={metrics} bucket={range.bucket} />
    </div>
  );
}

async function EvaluationSection({ actor, range }: { actor: Actor; range: DashboardRange }) {
  const result = await loadSection("evaluation trend", actor, () => getEvaluationTrend({ actor, range }));
  return "error" in result ? <SectionError message={result.error} /> : <EvaluationTrend rows={result.data} />;
}

async function TablesSection({ actor, range, slug }: { actor: Actor; range: DashboardRange; slug: string }) {
  const result = await loadSection("query tables", actor, () => getQueryTables({ actor, range }));
  return "error" in result ? <SectionError message={result.error} /> : <QueryTables slug={slug} tables={result.data} />;
}

async function Usage({ actor, range, slug }: { actor: Actor; range: DashboardRange; slug: string }) {
  const result = await loadSection("usage", actor, () => getUsageMetrics({ actor, range }));
  return "error" in result ? <SectionError message={result.error} /> : <UsageSection slug={slug} usage={result.data} />;
}

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const { tenant, actor } = await getCurrentTenant(slug);
  const { range, problem } = resolveRange(await searchParams);
  // Each section streams in on its own, so the shell and the range picker appear at once.
  const key = `${range.from.toISOString()}-${range.to.toISOString()}-${range.mode}`;
  return (
    <div className="max-w-[1600px] space-y-8">
      <header className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
          <p className="mt-1 text-slate-600">
            How search serves {tenant.name}: {day(range.from)} to {day(new Date(range.to.getTime() - 1))} (UTC){range.mode ? `, ${range.mode} mode only` : ""}, compared with the {previousPeriod(range)}.
          </p>
          {problem && <p role="alert" className="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">{problem}</p>}
        </div>
        <RangePicker slug={slug} preset={range.preset} from={day(range.from)} to={day(new Date(range.to.getTime() - 1))} mode={range.mode ?? ""} />
      </header>
      <section aria-labelledby="quality-heading" className="space-y-4">
        <h2 id="quality-heading" className="text-lg font-semibold">Query quality and latency</h2>
        <Suspense key={`q-${key}`} fallback={<Skeleton label="Loading query figures" className="h-[40rem]" />}>
          <QuerySection actor={actor} range={range} />
        </Suspense>
        <Suspense key={`e-${key}`} fallback={<Skeleton label="Loading evaluation scores" />}>
          <EvaluationSection actor={actor} range={range} />
        </Suspense>
      </section>
      <section aria-labelledby="tables-heading" className="space-y-4">
        <h2 id="tables-heading" className="text-lg font-semibold">Where retrieval fails</h2>
        <Suspense key={`t-${key}`} fallback={<Skeleton label="Loading query tables" className="h-96" />}>
          <TablesSection actor={actor} range={range} slug={slug} />
        </Suspense>
      </section>
      <section aria-labelledby="usage-heading" className="space-y-4">
        <h2 id="usage-heading" className="text-lg font-semibold">Usage</h2>
        <Suspense key={`u-${key}`} fallback={<Skeleton label="Loading usage" className="h-96" />}>
          <Usage actor={actor} range={range} slug={slug} />
        </Suspense>
      </section>
    </div>
  );
}
