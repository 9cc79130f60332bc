import { z } from "zod";

/** PostgreSQL's shipped text search configurations a workspace may choose ('simple' for mixed text). */
export const TEXT_CONFIGS = [
  "simple", "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish", "french", "german", "greek",
  "hindi", "hungarian", "indonesian", "irish", "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian",
  "russian", "serbian", "spanish", "swedish", "tamil", "turkish", "yiddish",
] as const;
export type TextConfig = (typeof TEXT_CONFIGS)[number];

/**
 * How a workspace ranks: BM25's k1 and b, pseudo-relevance feedback, and how hybrid search fuses
 * the two retrievers (a convex combination of per-query normalised scores with the semantic part
 * weighted alpha, or reciprocal rank fusion). Stored in `tenants.settings.ranking`.
 */
export const rankingSettingsSchema = z.object({
  k1: z.number().min(0).max(3),
  b: z.number().min(0).max(1),
  prf: z.boolean(),
  fusion: z.enum(["convex", "rrf"]),
  alpha: z.number().min(0).max(1),
});
export type RankingSettings = z.infer<typeof rankingSettingsSchema>;

/**
 * The defaults: BM25's textbook k1 and b, RM3 on (Anserini's 10 passages, 10 terms, half the weight),
 * and the semantic part of hybrid weighted 0.5 with an embedding model but 0.2 with the offline
 * embedder, whose "semantic" score is a weaker, lexical signal (measured on CISI: README).
 */
export const DEFAULT_RANKING: RankingSettings = { k1: 1.2, b: 0.75, prf: true, fusion: "convex", alpha: 0.5 };
export const LEXICAL_EMBEDDER_ALPHA = 0.2;

export function defaultRanking(embedderKind: "model" | "lexical"): RankingSettings {
  return embedderKind === "model" ? DEFAULT_RANKING : { ...DEFAULT_RANKING, alpha: LEXICAL_EMBEDDER_ALPHA };
}

/** Feedback passages and expansion terms of RM3, and the original query's share of the mixture. */
export const PRF = { passages: 10, terms: 10, originalWeight: 0.5 } as const;

/** A stored value over the defaults; anything unreadable falls back to the default rather than failing search. */
export function rankingOf(stored: unknown, embedderKind: "model" | "lexical"): RankingSettings {
  const parsed = rankingSettingsSchema.partial().safeParse(stored ?? {});
  return { ...defaultRanking(embedderKind), ...(parsed.success ? parsed.data : {}) };
}

export const RRF_K = 60;
