import Link from "next/link";
import type { ReactNode } from "react";
import { MODE_LABELS } from "@/components/charts/chart-theme";
import { formatDateTime } from "@/components/ui/format";
import type { DocumentRow, QueryRow, RunRow } from "@/lib/metrics/query-metrics";

/** A column heading; `width` fixes a narrow column so the first (text) column takes what is left. */
type Column = { label: string; width?: string };

/**
 * A fixed-layout table: long queries and comments wrap inside their column instead of pushing the
 * last columns out of the card. Below its minimum width it scrolls inside the card, not the page.
 */
function TableCard({ title, description, empty, head, children, testId }: { title: string; description: string; empty: boolean; head: Column[]; children: ReactNode; testId: string }) {
  return (
    <section className="min-w-0 rounded-xl border border-slate-200 bg-white" aria-label={title} data-testid={testId}>
      <header className="border-b border-slate-100 px-4 py-3">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <p className="text-xs text-slate-500">{description}</p>
      </header>
      {empty ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing in this range.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[30rem] table-fixed text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {head.map((h, i) => (
                  <th key={h.label} scope="col" className={`px-4 py-2 font-medium ${h.width ?? ""} ${i > 0 ? "text-right" : ""}`}>{h.label}</th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const quality = (q: number | null) => (q === null ? "—" : q.toFixed(2));

export function QueryTables({ slug, tables }: { slug: string; tables: { topQueries: QueryRow[]; zeroResultQueries: QueryRow[]; worstRated: RunRow[]; badDocuments: DocumentRow[] } }) {
  const runLink = (id: string, label: ReactNode) => (
    <Link href={`/t/${slug}/dashboard/runs/${id}`} className="font-medium text-indigo-700 hover:underline">
      {label}
    </Link>
  );
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <TableCard title="Top queries" description="Most frequent queries; each opens its latest run" empty={tables.topQueries.length === 0} head={[{ label: "Query" }, { label: "Runs", width: "w-20" }, { label: "Mean quality", width: "w-32" }, { label: "Not helpful", width: "w-32" }]} testId="top-queries">
        {tables.topQueries.map((q) => (
          <tr key={q.query}>
            <td className="truncate px-4 py-2" title={q.query}>{runLink(q.latestRunId, q.query)}</td>
            <td className="px-4 py-2 text-right tabular-nums">{q.runs}</td>
            <td className="px-4 py-2 text-right tabular-nums">{quality(q.meanQuality)}</td>
            <td className="px-4 py-2 text-right tabular-nums">{q.thumbsDown}</td>
          </tr>
        ))}
      </TableCard>
      <TableCard title="Worst-rated queries" description="Searches rated and no result helpful, lowest quality first" empty={tables.worstRated.length === 0} head={[{ label: "Query" }, { label: "Mode", width: "w-24" }, { label: "Quality", width: "w-20" }, { label: "When", width: "w-40" }]} testId="worst-rated">
        {tables.worstRated.map((r) => (
          <tr key={r.id}>
            <td className="px-4 py-2 break-words">
              {runLink(r.id, r.query)}
              {r.comment && <p className="line-clamp-2 text-xs text-slate-500">“{r.comment}”</p>}
            </td>
            <td className="px-4 py-2 text-right">{MODE_LABELS[r.mode] ?? r.mode}</td>
            <td className="px-4 py-2 text-right tabular-nums">{quality(r.qualityScore)}</td>
            <td className="whitespace-nowrap px-4 py-2 text-right text-slate-600" data-testid="worst-rated-when">
              <time dateTime={new Date(r.createdAt).toISOString()}>{formatDateTime(r.createdAt)}</time>
            </td>
          </tr>
        ))}
      </TableCard>
      <TableCard title="Zero-result queries" description="Queries that found nothing: candidates for new documents or corrections" empty={tables.zeroResultQueries.length === 0} head={[{ label: "Query" }, { label: "Runs", width: "w-20" }]} testId="zero-result-queries">
        {tables.zeroResultQueries.map((q) => (
          <tr key={q.query}>
            <td className="truncate px-4 py-2" title={q.query}>{runLink(q.latestRunId, q.query)}</td>
            <td className="px-4 py-2 text-right tabular-nums">{q.runs}</td>
          </tr>
        ))}
      </TableCard>
      <TableCard title="Documents behind bad answers" description="Documents most often rated not helpful (a result of theirs, or a whole list rated before per-result feedback)" empty={tables.badDocuments.length === 0} head={[{ label: "Document" }, { label: "Not-helpful runs", width: "w-44" }, { label: "Latest", width: "w-28" }]} testId="bad-documents">
        {tables.badDocuments.map((d) => (
          <tr key={d.documentId}>
            <td className="truncate px-4 py-2">
              {d.filename ? (
                <Link href={`/t/${slug}/documents/${d.documentId}`} className="font-medium text-indigo-700 hover:underline">{d.filename}</Link>
              ) : (
                <span className="text-slate-500">Deleted document</span>
              )}
            </td>
            <td className="px-4 py-2 text-right tabular-nums">{d.runs}</td>
            <td className="px-4 py-2 text-right">{runLink(d.latestRunId, "open run")}</td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
