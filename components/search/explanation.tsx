import type { SearchMode } from "@/db/schema";
import type { Explanation as ExplanationData, SearchResult } from "@/lib/search/types";

/** A score short enough for a card's meta line: 2 decimals, or 2 significant digits when small (RRF). */
export function formatScore(n: number): string {
  if (n === 0) return "0.00";
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 0.1) return n.toFixed(2);
  return n.toPrecision(2);
}

const num = (n: number, digits = 2) => n.toFixed(digits);
/** A fusion weight as written by a person: 0.2, 0.8, 0.35. */
const weight = (n: number) => String(Number(n.toFixed(3)));

function semanticText(e: ExplanationData, mode: SearchMode): string {
  if (mode === "fulltext") return "not used in full-text mode";
  const distance = e.vectorDistance === null ? "" : `, distance ${num(e.vectorDistance, 4)}`;
  const concepts = e.conceptSimilarity === null ? "" : `; concept similarity ${num(e.conceptSimilarity, 3)} (the part hybrid uses)`;
  return (e.vectorRank !== null ? `rank ${e.vectorRank}${distance}` : `not among the nearest${distance}`) + concepts;
}

function fulltextText(e: ExplanationData, mode: SearchMode): string {
  if (mode === "semantic") return "not used in semantic mode";
  if (!e.matchedFulltext && !e.fulltextScore) return "no query word in this passage";
  const score = e.fulltextScore === null ? "" : `BM25 ${num(e.fulltextScore, 3)}`;
  return e.fulltextRank !== null ? `rank ${e.fulltextRank}, ${score}` : score || "words matched";
}

function fusionText(e: ExplanationData): string | null {
  if (!e.fusion || e.fusedScore === null) return null;
  if (e.fusion.method === "convex") {
    const a = e.fusion.alpha;
    return `${weight(a)} × semantic ${num(e.semanticPart ?? 0)} + ${weight(1 - a)} × full text ${num(e.fulltextPart ?? 0)} = ${num(e.fusedScore)}`;
  }
  const k = e.fusion.k;
  const parts = [e.vectorRank !== null ? `1/(${k} + ${e.vectorRank})` : null, e.fulltextRank !== null ? `1/(${k} + ${e.fulltextRank})` : null].filter(Boolean);
  return `reciprocal rank fusion, k = ${k}: ${parts.join(" + ") || "0"} = ${num(e.fusedScore, 4)}`;
}

/** "Why this result?": each retriever's rank and score, how hybrid fused them, and BM25 per term. */
export function Explanation({ result, mode, id }: { result: SearchResult; mode: SearchMode; id: string }) {
  const e = result.explanation;
  const fusion = fusionText(e);
  const terms = [...e.terms].sort((a, b) => b.contribution - a.contribution || a.term.localeCompare(b.term));
  // Without feedback every weight is a count of the term in the query; RM3 shares are fractions.
  const feedback = terms.some((t) => !Number.isInteger(t.weight));
  return (
    <div id={id} className="mt-2 space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-xs text-slate-800" data-testid="explanation">
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1.5">
        <dt className="text-slate-600">Semantic</dt>
        <dd className="tabular-nums break-words">{semanticText(e, mode)}</dd>
        <dt className="text-slate-600">Full text</dt>
        <dd className="tabular-nums break-words">{fulltextText(e, mode)}</dd>
        {e.fusion && (
          <>
            <dt className="text-slate-600">{e.fusion.method === "convex" ? "Hybrid (convex)" : "Hybrid (RRF)"}</dt>
            <dd className="tabular-nums break-words" data-testid="fusion">
              {fusion}
            </dd>
          </>
        )}
        <dt className="text-slate-600">Score used to rank</dt>
        <dd className="tabular-nums">
          {num(result.score, 4)}
          {result.weak && <span className="text-slate-600"> (under half the best result&apos;s)</span>}
        </dd>
      </dl>
      {terms.length > 0 && (
        <div className="space-y-1">
          <p id={`${id}-terms`} className="text-slate-600">
            BM25 per term (stemmed; {feedback ? "feedback terms carry part of the query's weight" : "weight: times in the query"})
          </p>
          <div className="w-fit max-w-full overflow-x-auto rounded border border-slate-200" tabIndex={0} role="region" aria-labelledby={`${id}-terms`}>
            <table className="text-left whitespace-nowrap tabular-nums" aria-labelledby={`${id}-terms`} data-testid="bm25-terms">
              <thead className="text-slate-600">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-2 py-1 font-medium">Term</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">idf</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">tf</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Weight</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Contribution</th>
                </tr>
              </thead>
              <tbody>
                {terms.map((t) => (
                  <tr key={t.term} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="px-2 py-1 font-mono font-normal">{t.term}</th>
                    <td className="px-2 py-1 text-right">{num(t.idf)}</td>
                    <td className="px-2 py-1 text-right">{t.tf}</td>
                    <td className="px-2 py-1 text-right">{num(t.weight)}</td>
                    <td className="px-2 py-1 text-right">{num(t.contribution, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
