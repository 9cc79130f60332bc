import { asc, eq } from "drizzle-orm";
import { evaluationSetItems, evaluationSets, tenants, type EvaluationSetItem } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { getEmbeddingProvider } from "@/lib/embeddings";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { inLane } from "@/db/pglite-turns";
import { mean, scoreRanking, signTestP } from "./metrics";
import { embedWithModel, rankChunks, readSearchSettings } from "./rank";
import { DEFAULT_RANKING, rankingOf, type RankingSettings } from "./ranking-settings";

/** A setting's wins over the current one count as a clear gain under this sign-test p-value. */
export const CLEAR_GAIN_P = 0.05;

/** Tuning reads at most this many labelled queries: 18 settings each, inside one request. */
export const MAX_TUNING_QUERIES = 100;

export interface SettingScore {
  settings: RankingSettings;
  ndcg: number;
  recall: number;
  mrr: number;
  /** Per labelled query, in the set's order. */
  perQuery: { itemId: string; query: string; ndcg: number; recall: number; reciprocalRank: number }[];
  /** Queries this setting ranks better (nDCG@10) or worse than the current one. */
  wins: number;
  losses: number;
  current: boolean;
  /** Better than the current setting on average and in a sign test over its wins and losses (p < CLEAR_GAIN_P). */
  clearGain: boolean;
}

export interface TuningResult {
  k: number;
  queries: number;
  current: SettingScore;
  /**
   * The best setting with a clear gain, else the current one: on a few dozen queries the top of
   * the grid is often luck (CISI: the best on half the queries lost on the other half; README).
   */
  recommended: SettingScore;
  /** Every setting tried, best first (nDCG@10, then recall@k, then MRR); the current one included. */
  candidates: SettingScore[];
  /** Whether the workspace runs on the defaults, and the setting before its last change (which may have been the defaults). */
  isDefault: boolean;
  previous: RankingSettings | null;
  previousIsDefault: boolean;
}

const same = (a: RankingSettings, b: RankingSettings) => a.k1 === b.k1 && a.b === b.b && a.prf === b.prf && a.fusion === b.fusion && (a.fusion === "rrf" || a.alpha === b.alpha);

/**
 * The grid, coordinate-wise to stay small: BM25's k1 and b and feedback on or off are tried in
 * full-text ranking, then the fusion weight (and RRF) on top of the best of those in hybrid.
 */
function fulltextGrid(current: RankingSettings): RankingSettings[] {
  const grid: RankingSettings[] = [];
  for (const k1 of [0.9, 1.2, 1.6]) for (const b of [0.5, 0.75]) for (const prf of [false, true]) grid.push({ ...current, k1, b, prf });
  return grid;
}

function fusionGrid(base: RankingSettings): RankingSettings[] {
  return [...[0.1, 0.2, 0.35, 0.5, 0.7].map((alpha) => ({ ...base, fusion: "convex" as const, alpha })), { ...base, fusion: "rrf" as const }];
}

/**
 * One setting's scores. Each query is its own short transaction in the search lane, so a tuning run
 * of minutes shares the embedded engine with everyone else instead of holding it throughout.
 */
async function score(actor: Actor, embedder: EmbeddingProvider, items: EvaluationSetItem[], vectors: (number[] | undefined)[], settings: RankingSettings, textConfig: string, k: number) {
  const perQuery = [];
  for (const [n, item] of items.entries()) {
    const request = { tenantId: actor.tenantId, mode: "hybrid" as const, text: item.query, modelVector: vectors[n], topK: Math.max(k, 10) };
    const { rows } = await inLane("searches", () => withTenant(actor, (tx) => rankChunks(tx, embedder, request, { ranking: settings, textConfig })));
    const m = scoreRanking(rows.map((r) => ({ chunkId: r.id, documentId: r.document_id })), { documentIds: item.expectedDocumentIds, chunkIds: item.expectedChunkIds }, k);
    perQuery.push({ itemId: item.id, query: item.query, ndcg: m.ndcg, recall: m.recall, reciprocalRank: m.reciprocalRank });
  }
  return { settings, perQuery, ndcg: mean(perQuery.map((q) => q.ndcg)), recall: mean(perQuery.map((q) => q.recall)), mrr: mean(perQuery.map((q) => q.reciprocalRank)) };
}

const better = (a: { ndcg: number; recall: number; mrr: number }, b: { ndcg: number; recall: number; mrr: number }) => b.ndcg - a.ndcg || b.recall - a.recall || b.mrr - a.mrr;

/**
 * Scores a small grid of ranking settings on an evaluation set's labelled queries (hybrid search,
 * nDCG@10, recall@k, MRR), with each setting's per-query wins and losses against the workspace's
 * current setting. Changes nothing: `applyRanking` does.
 */
export async function tuneRanking({ actor, setId, k = 10 }: { actor: Actor; setId: string; k?: number }): Promise<TuningResult> {
  const embedder = getEmbeddingProvider();
  const items = await withTenant(actor, async (tx) => {
    const [set] = await tx.select({ id: evaluationSets.id }).from(evaluationSets).where(eq(evaluationSets.id, setId));
    if (!set) throw new AppError("not_found:evaluation_set", "That evaluation set does not exist in this workspace.");
    return tx.select().from(evaluationSetItems).where(eq(evaluationSetItems.setId, setId)).orderBy(asc(evaluationSetItems.createdAt)).limit(MAX_TUNING_QUERIES);
  });
  if (items.length === 0) throw new AppError("bad_request:evaluation_set", "Add at least one labelled query before tuning ranking.");
  const vectors = await embedWithModel(embedder, items.map((i) => i.query));
  const { current, textConfig, tenant } = await withTenant(actor, async (tx) => {
    const { ranking, textConfig } = await readSearchSettings(tx, actor.tenantId);
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, actor.tenantId));
    return { current: ranking, textConfig, tenant };
  });
  const run = (settings: RankingSettings) => score(actor, embedder, items, vectors, settings, textConfig, k);
  const tried = [];
  for (const settings of fulltextGrid(current)) tried.push(await run(settings));
  const bestText = [...tried].sort(better)[0]!.settings;
  for (const settings of fusionGrid(bestText)) if (!tried.some((t) => same(t.settings, settings))) tried.push(await run(settings));
  const baseline = tried.find((t) => same(t.settings, current)) ?? (await run(current));
  if (!tried.includes(baseline)) tried.push(baseline);
  const candidates = tried
    .map((t): SettingScore => {
      const wins = t.perQuery.filter((q, i) => q.ndcg > baseline.perQuery[i]!.ndcg + 1e-9).length;
      const losses = t.perQuery.filter((q, i) => q.ndcg < baseline.perQuery[i]!.ndcg - 1e-9).length;
      const current = t === baseline;
      return { ...t, wins, losses, current, clearGain: !current && t.ndcg > baseline.ndcg && signTestP(wins, losses) < CLEAR_GAIN_P };
    })
    // On a tie the current setting comes first: a change that gains nothing is not "best".
    .sort((a, b) => better(a, b) || Number(b.current) - Number(a.current));
  const previous = tenant?.settings.previousRanking;
  return {
    k,
    queries: items.length,
    current: candidates.find((c) => c.current)!,
    recommended: candidates.find((c) => c.clearGain) ?? candidates.find((c) => c.current)!,
    candidates,
    isDefault: !tenant?.settings.ranking,
    previous: previous ? rankingOf(previous) : null,
    previousIsDefault: previous?.[DEFAULTS_MARK] === true,
  };
}

/** Stored as the previous ranking when that was the defaults, so reverting clears the setting again. */
const DEFAULTS_MARK = "defaults";

/** Makes `ranking` the workspace's setting (or the defaults when null), keeping the previous one to revert to. */
export async function applyRanking({ actor, ranking }: { actor: Actor; ranking: RankingSettings | null }): Promise<RankingSettings> {
  return withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, actor.tenantId)).for("update");
    const before = rankingOf(tenant?.settings.ranking);
    const after = ranking ?? DEFAULT_RANKING;
    const { ranking: _dropped, previousRanking: _previous, ...rest } = tenant?.settings ?? {};
    await tx
      .update(tenants)
      .set({ settings: { ...rest, ...(ranking ? { ranking } : {}), previousRanking: tenant?.settings.ranking ?? { [DEFAULTS_MARK]: true } } })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "tenant.ranking_changed", targetType: "tenant", targetId: actor.tenantId, before, after });
    return after;
  });
}

/** The workspace's ranking now, whether it is the default, and the one before the last change. */
export async function getRanking({ actor }: { actor: Actor }) {
  return withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, actor.tenantId));
    const previous = tenant?.settings.previousRanking;
    return {
      ranking: rankingOf(tenant?.settings.ranking),
      isDefault: !tenant?.settings.ranking,
      previous: previous ? rankingOf(previous) : null,
      previousIsDefault: previous?.[DEFAULTS_MARK] === true,
      defaults: DEFAULT_RANKING,
    };
  });
}
