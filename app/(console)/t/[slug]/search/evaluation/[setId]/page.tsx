import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MODE_LABELS } from "@/components/charts/chart-theme";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/components/ui/format";
import { Highlighted } from "@/components/search/highlighted";
import type { SearchMode } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  changeOf,
  getEvaluationReport,
  REPORT_MODES,
  REPORT_PAGE_SIZE,
  REPORT_SORTS,
  sortQueries,
  TIE,
  winsAndLosses,
  type QueryReport,
  type ReportSort,
} from "@/lib/search/evaluation-report";
import { actorCan, uuidSchema } from "@/lib/tenancy/actor";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Evaluation per query" };

const FILTERS = { all: "All queries", better: "Better", worse: "Worse" } as const;
type Filter = keyof typeof FILTERS;
const SORT_LABELS: Record<ReportSort, string> = { order: "Set order", query: "Query", score: "nDCG@10", change: "Change" };

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Math.abs(n).toFixed(2)}`;

function pick<T extends string>(value: string | string[] | undefined, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export default async function EvaluationReportPage({ params, searchParams }: { params: Promise<{ slug: string; setId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug, setId } = await params;
  const sp = await searchParams;
  const { actor } = await getCurrentTenant(slug);
  if (!actorCan(actor, "dashboards:read") || !uuidSchema.safeParse(setId).success) notFound();
  const at = typeof sp.run === "string" && !Number.isNaN(Date.parse(sp.run)) ? new Date(sp.run).toISOString() : undefined;
  const report = await getEvaluationReport({ actor, setId, at }).catch((error: unknown) => {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  });
  const mode = pick<SearchMode>(sp.mode, REPORT_MODES, "hybrid");
  const filter = pick<Filter>(sp.filter, ["all", "better", "worse"], "all");
  const sort = pick<ReportSort>(sp.sort, REPORT_SORTS, report.previous ? "change" : "order");
  // Ascending by default: the worst scores and the biggest losses first.
  const dir = pick(sp.dir, ["asc", "desc"] as const, "asc");
  const { set, runs, current, previous } = report;

  const state = { run: current?.at, mode, filter, sort, dir, page: "1" };
  const href = (change: Partial<Record<keyof typeof state, string | undefined>>) => {
    const next = { ...state, ...change };
    const query = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
    return `/t/${slug}/search/evaluation/${setId}?${query}`;
  };

  const filtered = report.queries.filter((q) => {
    if (filter === "all") return true;
    const change = changeOf(q, mode);
    return change !== null && (filter === "better" ? change > TIE : change < -TIE);
  });
  const sorted = sortQueries(filtered, { sort, dir, mode });
  const pageCount = Math.max(1, Math.ceil(sorted.length / REPORT_PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(typeof sp.page === "string" ? sp.page : "1", 10) || 1));
  const shown = sorted.slice((page - 1) * REPORT_PAGE_SIZE, page * REPORT_PAGE_SIZE);
  const tally = winsAndLosses(report.queries, mode);

  return (
    <div className="max-w-5xl space-y-6">
      <Breadcrumb
        trail={[
          { href: `/t/${slug}/search`, label: "Search" },
          { href: `/t/${slug}/search/evaluation?set=${setId}`, label: "Evaluation sets" },
        ]}
        current={set.name}
      />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">{set.name}: each query</h1>
        <p className="mt-1 text-slate-600">How each labelled query scored in every mode, what came back first, and what changed since the run before.</p>
      </header>

      {!current ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700" data-testid="report-empty">
          This set has not been run yet.{" "}
          <Link href={`/t/${slug}/search/evaluation?set=${setId}`} className="font-medium text-indigo-700 underline">
            Run the evaluation
          </Link>{" "}
          to see each query’s scores here.
        </p>
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
            {/* A plain GET form: it works before (and without) the page's script. */}
            <form method="get" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="mode" value={mode} />
              <label className="text-sm">
                <span className="block text-xs font-medium text-slate-600">Run</span>
                <select name="run" defaultValue={current.at} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                  {runs.map((r) => (
                    <option key={r.at} value={r.at}>
                      {formatDateTime(r.at)} · {r.queryCount} queries · {r.embeddingModel}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
                Show
              </button>
            </form>
            <nav aria-label="Mode" className="flex flex-wrap gap-1">
              {REPORT_MODES.map((m) => (
                <Link
                  key={m}
                  href={href({ mode: m })}
                  aria-current={m === mode ? "page" : undefined}
                  className={cn("rounded-md px-3 py-1.5 text-sm", m === mode ? "bg-indigo-600 font-medium text-white" : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50")}
                >
                  {MODE_LABELS[m]}
                </Link>
              ))}
            </nav>
          </div>

          <p className="rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-700" data-testid="report-comparison">
            {previous ? (
              <>
                Against the run of {formatDateTime(previous.at)}, in {MODE_LABELS[mode]} (nDCG@10): <strong className="text-emerald-800">{tally.wins} better</strong>,{" "}
                <strong className="text-red-800">{tally.losses} worse</strong>, {tally.ties} unchanged.
              </>
            ) : (
              <>The first run of this set: there is no earlier run to compare with.</>
            )}
          </p>

          <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
            <nav aria-label="Show" className="flex flex-wrap items-center gap-1">
              {(Object.keys(FILTERS) as Filter[]).map((f) => (
                <Link
                  key={f}
                  href={href({ filter: f })}
                  aria-current={f === filter ? "page" : undefined}
                  className={cn("rounded-md px-2.5 py-1", f === filter ? "bg-slate-800 text-white" : "text-slate-700 underline underline-offset-2 hover:bg-slate-100")}
                >
                  {FILTERS[f]}
                </Link>
              ))}
            </nav>
            <nav aria-label="Sort" className="flex flex-wrap items-center gap-1">
              <span className="text-slate-600">Sort by</span>
              {REPORT_SORTS.filter((s) => s !== "change" || previous).map((s) => {
                const active = s === sort;
                const nextDir = active ? (dir === "asc" ? "desc" : "asc") : "asc";
                return (
                  <Link
                    key={s}
                    href={href({ sort: s, dir: nextDir })}
                    aria-current={active ? "true" : undefined}
                    className={cn("rounded-md px-2.5 py-1", active ? "bg-slate-800 text-white" : "text-slate-700 underline underline-offset-2 hover:bg-slate-100")}
                  >
                    {SORT_LABELS[s]}
                    {active && <span>{dir === "asc" ? " ↑" : " ↓"}</span>}
                    {active && <span className="sr-only">{dir === "asc" ? ", ascending; choose to reverse" : ", descending; choose to reverse"}</span>}
                  </Link>
                );
              })}
            </nav>
          </div>

          {shown.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600" data-testid="report-no-match">
              {filter === "all" ? "This run scored no queries." : `No query got ${filter} in ${MODE_LABELS[mode]} since the run before.`}{" "}
              {filter !== "all" && (
                <Link href={href({ filter: "all" })} className="font-medium text-indigo-700 underline">
                  Show all queries
                </Link>
              )}
            </p>
          ) : (
            <ol className="space-y-3" aria-label="Queries">
              {shown.map((q) => (
                <QueryCard key={q.itemId} q={q} mode={mode} k={current.k} hasPrevious={Boolean(previous)} />
              ))}
            </ol>
          )}

          {pageCount > 1 && (
            <nav aria-label="Query pages" className="flex items-center justify-between gap-4 text-sm text-slate-600">
              <span>
                Page {page} of {pageCount} · {sorted.length} queries
              </span>
              <span className="flex gap-2">
                {page > 1 ? (
                  <Link href={href({ page: String(page - 1) })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50">
                    Previous
                  </Link>
                ) : null}
                {page < pageCount ? (
                  <Link href={href({ page: String(page + 1) })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50">
                    Next
                  </Link>
                ) : null}
              </span>
            </nav>
          )}
        </>
      )}
    </div>
  );
}

function QueryCard({ q, mode, k, hasPrevious }: { q: QueryReport; mode: SearchMode; k: number; hasPrevious: boolean }) {
  const top = q.modes[mode]?.top ?? null;
  const change = changeOf(q, mode);
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="report-query">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="min-w-0 break-words font-medium">“{q.query}”</h2>
        {hasPrevious && (
          <span
            data-testid="report-change"
            className={cn(
              "rounded-full px-2 py-0.5 text-xs font-medium tabular-nums",
              change === null ? "bg-slate-100 text-slate-700" : change > TIE ? "bg-emerald-50 text-emerald-800" : change < -TIE ? "bg-red-50 text-red-800" : "bg-slate-100 text-slate-700",
            )}
          >
            {change === null ? "New since the run before" : change > TIE ? `Better by ${signed(change)}` : change < -TIE ? `Worse by ${signed(change)}` : "Unchanged"}
          </span>
        )}
      </div>
      <table className="mt-3 w-full text-xs sm:max-w-xl">
        <caption className="sr-only">Scores of “{q.query}” per mode</caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className="py-1 pl-1 font-medium">Mode</th>
            <th scope="col" className="py-1 pl-2 text-right font-medium">nDCG@10</th>
            <th scope="col" className="py-1 pl-2 text-right font-medium">Recall@{k}</th>
            <th scope="col" className="py-1 pl-2 text-right font-medium">MRR</th>
            {hasPrevious && <th scope="col" className="py-1 pl-2 pr-1 text-right font-medium">Change</th>}
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {REPORT_MODES.map((m) => {
            const s = q.modes[m];
            const c = changeOf(q, m);
            return (
              <tr key={m} className={cn(m === mode && "bg-indigo-50 font-medium")} data-testid={`report-score-${m}`}>
                <th scope="row" className="py-1 pl-1 text-left font-normal">{MODE_LABELS[m]}</th>
                <td className="py-1 text-right">{s ? s.ndcg.toFixed(2) : "—"}</td>
                <td className="py-1 text-right">{s ? pct(s.recall) : "—"}</td>
                <td className="py-1 text-right">{s ? s.reciprocalRank.toFixed(2) : "—"}</td>
                {hasPrevious && <td className={cn("py-1 pr-1 text-right", c !== null && c > TIE && "text-emerald-800", c !== null && c < -TIE && "text-red-800")}>{c === null ? "—" : signed(c)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 className="mt-3 text-xs font-semibold text-slate-700">First results in {MODE_LABELS[mode]}</h3>
      {top === null ? (
        <p className="mt-1 text-xs text-slate-600">Not kept for this run (runs before the per-query view kept scores only).</p>
      ) : top.length === 0 ? (
        <p className="mt-1 text-xs text-slate-600">Nothing came back.</p>
      ) : (
        <ol className="mt-1 space-y-2" aria-label={`First results of “${q.query}” in ${MODE_LABELS[mode]}`}>
          {top.map((r) => (
            <li key={r.chunkId} className="text-sm" data-testid="report-result">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="text-xs text-slate-600">#{r.rank}</span>
                <span className="min-w-0 break-words font-medium text-slate-800">{r.filename}</span>
                {r.expected ? (
                  <span className="rounded bg-emerald-50 px-1.5 text-xs font-medium text-emerald-800">expected</span>
                ) : (
                  <span className="text-xs text-slate-600">not labelled</span>
                )}
              </p>
              <p className="break-words text-xs leading-relaxed text-slate-700">
                <Highlighted text={r.snippet} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
