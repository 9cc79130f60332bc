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
 * The defaults: BM25's textbook k1 and b, feedback off, and hybrid's two parts weighted equally.
 * Feedback is a switch (Tune ranking tries it): on CISI it lifts full-text a little but hybrid
 * less than nothing, where the concept model already brings in co-occurring words, and it runs
 * BM25 twice (README, quality and load benchmarks). With the offline embedder, hybrid's semantic
 * part is the workspace's concept model once it has one (lib/search/concepts).
 */
export const DEFAULT_RANKING: RankingSettings = { k1: 1.2, b: 0.75, prf: false, fusion: "convex", alpha: 0.5 };

/** Feedback passages and expansion terms of RM3, and the original query's share of the mixture. */
export const PRF = { passages: 10, terms: 10, originalWeight: 0.5 } as const;

/** A stored value over the defaults; anything unreadable falls back to the default rather than failing search. */
export function rankingOf(stored: unknown): RankingSettings {
  const parsed = rankingSettingsSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_RANKING, ...(parsed.success ? parsed.data : {}) };
}

export const RRF_K = 60;
