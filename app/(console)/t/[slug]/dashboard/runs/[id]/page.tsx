import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MODE_LABELS } from "@/components/charts/chart-theme";
import { formatDateTime } from "@/components/ui/format";
import { AppError } from "@/lib/errors";
import { getEvaluationRun } from "@/lib/search/search-service";
import { uuidSchema } from "@/lib/tenancy/actor";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Search run" };

/** The run's summary of its ratings: did any result help? */
const FEEDBACK = { thumbs_up: "A result helped", thumbs_down: "No result helped" } as const;
const RATING = { thumbs_up: "Helpful", thumbs_down: "Not helpful" } as const;

export default async function EvaluationRunPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { actor } = await getCurrentTenant(slug);
  if (!uuidSchema.safeParse(id).success) notFound();
  const run = await getEvaluationRun({ actor, id }).catch((error: unknown) => {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  });
  const comment = typeof run.metadata.comment === "string" ? run.metadata.comment : null;
  return (
    <div className="max-w-4xl space-y-6">
      <Link href={`/t/${slug}/dashboard`} className="text-sm text-indigo-700 hover:underline">← Dashboard</Link>
      <header>
        <p className="text-xs uppercase tracking-wide text-slate-500">Search run · {formatDateTime(run.createdAt)}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="run-query">“{run.query}”</h1>
      </header>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {[
          ["Mode", MODE_LABELS[run.mode] ?? run.mode],
          ["Latency", `${run.latencyMs} ms`],
          ["Quality score", run.qualityScore === null ? "—" : run.qualityScore.toFixed(3)],
          ["Results", String(run.sources.length)],
          ["Feedback", run.userFeedback ? FEEDBACK[run.userFeedback] : "none"],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="font-medium" data-testid={`run-${label!.toLowerCase().replace(" ", "-")}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {run.listRating && (
        <p className="text-sm text-slate-600" data-testid="run-list-rating">
          Rated as a whole list (before per-result feedback): {run.listRating === "thumbs_up" ? "helpful" : "not helpful"}.
        </p>
      )}
      {comment && (
        <blockquote className="rounded-xl border border-slate-200 bg-white p-4 text-slate-700" data-testid="run-comment">
          <p className="text-xs uppercase tracking-wide text-slate-500">Comment</p>“{comment}”
        </blockquote>
      )}
      <section aria-labelledby="sources-heading" className="rounded-xl border border-slate-200 bg-white">
        <h2 id="sources-heading" className="border-b border-slate-100 px-4 py-3 text-sm font-semibold">Sources</h2>
        {run.sources.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">This search found nothing.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Rank</th>
                <th scope="col" className="px-4 py-2 font-medium">Document</th>
                <th scope="col" className="px-4 py-2 font-medium">Rated</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Score</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {run.sources.map((s) => (
                <tr key={`${s.rank}-${s.documentId}`}>
                  <td className="px-4 py-2 tabular-nums">{s.rank}</td>
                  <td className="px-4 py-2">
                    {s.filename ? (
                      <Link href={`/t/${slug}/documents/${s.documentId}`} className="text-indigo-700 hover:underline">{s.filename}</Link>
                    ) : (
                      <span className="text-slate-500">Deleted document</span>
                    )}
                  </td>
                  <td className="px-4 py-2" data-testid="source-rating">{s.rating ? RATING[s.rating] : <span className="text-slate-500">—</span>}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{s.score.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
