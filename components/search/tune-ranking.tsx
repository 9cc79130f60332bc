"use client";

import { useState } from "react";
import { toast } from "sonner";
import { applyRanking, tuneRanking } from "@/app/(console)/t/[slug]/search/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import type { RankingSettings } from "@/lib/search/ranking-settings";
import type { SettingScore, TuningResult } from "@/lib/search/tune-ranking";

/** A setting in words: what BM25, feedback and fusion do under it. */
export function describeRanking(s: RankingSettings): string {
  const fusion = s.fusion === "rrf" ? "hybrid by reciprocal rank" : `hybrid ${Math.round(s.alpha * 100)}% semantic`;
  return `BM25 k1 ${s.k1}, b ${s.b} · feedback ${s.prf ? "on" : "off"} · ${fusion}`;
}

const same = (a: RankingSettings, b: RankingSettings) => describeRanking(a) === describeRanking(b);
const score = (n: number) => n.toFixed(3);

function Delta({ value }: { value: number }) {
  if (Math.abs(value) < 1e-9) return <span className="text-slate-600">same</span>;
  return value > 0 ? <span className="font-medium text-emerald-800">+{score(value)} better</span> : <span className="font-medium text-red-800">{score(value)} worse</span>;
}

/**
 * "Tune ranking": scores a small grid of ranking settings on the set's labelled queries, lists
 * them best first with their wins and losses against the current setting, compares one query by
 * query, and applies it (admins; audited, with undo).
 */
export function TuneRanking({ setId }: { setId: string }) {
  const { slug } = useTenant();
  const canApply = useCan("tenant:settings");
  const tune = useAction(tuneRanking, { toastErrors: true });
  const apply = useAction(applyRanking, { toastErrors: true });
  const [result, setResult] = useState<TuningResult | null>(null);
  const [chosen, setChosen] = useState<SettingScore | null>(null);

  async function runTuning() {
    const outcome = await tune.run({ tenant: slug, setId });
    if (outcome.ok) {
      setResult(outcome.data);
      setChosen(outcome.data.recommended);
    }
  }

  async function applySetting(ranking: RankingSettings | null, message: string, undo: RankingSettings | null) {
    const outcome = await apply.run({ tenant: slug, ranking });
    if (!outcome.ok) return;
    toast.success(message, { action: { label: "Undo", onClick: () => void applySetting(undo, "Ranking restored.", ranking) } });
    await runTuning();
  }

  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="tune-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h3 id="tune-heading" className="text-sm font-medium">Tune ranking</h3>
          <p className="mt-0.5 text-sm text-slate-600">
            Tries BM25&apos;s k1 and b, feedback on and off, and the hybrid weight on these queries, and compares each with the current setting.
          </p>
        </div>
        <Button variant="secondary" onClick={runTuning} disabled={tune.pending}>
          {tune.pending ? "Tuning…" : result ? "Tune again" : "Tune ranking"}
        </Button>
      </div>
      {tune.pending && (
        <p role="status" className="text-sm text-slate-600">
          Scoring about 18 settings on every labelled query; this takes a few seconds per hundred queries.
        </p>
      )}
      {result && chosen && (
        <>
          <p className="text-sm text-slate-700" data-testid="tuning-current">
            Current: <span className="font-medium">{describeRanking(result.current.settings)}</span>
            {result.isDefault ? " (the defaults)" : ""} — nDCG@10 {score(result.current.ndcg)} on {result.queries} {result.queries === 1 ? "query" : "queries"}.
          </p>
          <p className="text-sm text-slate-700" data-testid="tuning-recommendation">
            {result.recommended.current
              ? "Recommended: keep the current setting. No setting wins clearly on these queries (more wins than losses, unlikely to be luck); a small lead on a few queries often reverses on the next ones."
              : `Recommended: ${describeRanking(result.recommended.settings)}, which wins on ${result.recommended.wins} queries and loses on ${result.recommended.losses}.`}
          </p>
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Settings tried, best first</caption>
              <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Setting</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">nDCG@10</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Recall@{result.k}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">MRR</th>
                  <th scope="col" className="whitespace-nowrap px-3 py-2 text-right font-medium">Wins / losses</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.candidates.map((c) => {
                  const selected = same(c.settings, chosen.settings);
                  return (
                    <tr key={describeRanking(c.settings)} className={selected ? "bg-indigo-50" : undefined} data-testid="tuning-candidate">
                      <td className="px-3 py-1.5">
                        <label className="flex cursor-pointer items-center gap-2">
                          <input type="radio" name="tuning-choice" checked={selected} onChange={() => setChosen(c)} />
                          <span>
                            {describeRanking(c.settings)}
                            {c.current && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">current</span>}
                            {c.clearGain && <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">clear gain</span>}
                          </span>
                        </label>
                      </td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{score(c.ndcg)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{score(c.recall)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{score(c.mrr)}</td>
                      <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">
                        {c.current ? "—" : `${c.wins} / ${c.losses}`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <div className="relative overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-sm" data-testid="tuning-per-query">
              <caption className="px-3 py-2 text-left text-sm font-medium">
                Query by query: {describeRanking(chosen.settings)} against the current setting
              </caption>
              <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">Query</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Current nDCG@10</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">This setting</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Change</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {chosen.perQuery.map((q, i) => {
                  const before = result.current.perQuery[i]!.ndcg;
                  return (
                    <tr key={q.itemId}>
                      <td className="px-3 py-1.5">“{q.query}”</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{score(before)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{score(q.ndcg)}</td>
                      <td className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums">
                        <Delta value={q.ndcg - before} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          {canApply ? (
            <div className="flex flex-wrap gap-2">
              <Button
                disabled={apply.pending || chosen.current}
                onClick={() => applySetting(chosen.settings, "Ranking updated for this workspace.", result.isDefault ? null : result.current.settings)}
              >
                {chosen.current ? "This is the current setting" : "Apply this setting"}
              </Button>
              {result.previous && !same(result.previous, result.current.settings) && (
                <Button variant="ghost" disabled={apply.pending} onClick={() => applySetting(result.previousIsDefault ? null : result.previous, "Previous ranking restored.", result.isDefault ? null : result.current.settings)}>
                  Revert to previous ({describeRanking(result.previous)})
                </Button>
              )}
              {!result.isDefault && (
                <Button variant="ghost" disabled={apply.pending} onClick={() => applySetting(null, "Ranking reset to the defaults.", result.current.settings)}>
                  Reset to defaults
                </Button>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-600">An admin of this workspace can apply a setting; tell them which one wins here.</p>
          )}
        </>
      )}
    </section>
  );
}
