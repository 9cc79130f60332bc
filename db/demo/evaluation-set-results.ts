import type { NewEvaluationSetResult, SearchMode } from "@/db/schema";
import { mulberry32 } from "@/lib/random/seeded";

const DAY_MS = 86_400_000;
const BASE: Record<SearchMode, { recall: number; mrr: number; ndcg: number }> = {
  hybrid: { recall: 0.86, mrr: 0.71, ndcg: 0.76 },
  semantic: { recall: 0.78, mrr: 0.62, ndcg: 0.68 },
  fulltext: { recall: 0.7, mrr: 0.58, ndcg: 0.61 },
};

/** A weekly evaluation run over the last `weeks` weeks, each scoring the three modes, slowly improving. */
export function generateEvaluationSetResults({ tenantId, setId, weeks, seed, now = new Date() }: { tenantId: string; setId: string; weeks: number; seed: number; now?: Date }): NewEvaluationSetResult[] {
  const random = mulberry32(seed);
  const rows: NewEvaluationSetResult[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const createdAt = new Date(now.getTime() - w * 7 * DAY_MS - 3 * 3_600_000);
    const progress = (weeks - 1 - w) * 0.012;
    for (const mode of Object.keys(BASE) as SearchMode[]) {
      const jitter = () => (random() - 0.5) * 0.04;
      const b = BASE[mode];
      const clamp = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
      rows.push({ tenantId, setId, mode, k: 10, recallAtK: clamp(b.recall + progress + jitter()), mrr: clamp(b.mrr + progress + jitter()), ndcgAt10: clamp(b.ndcg + progress + jitter()), queryCount: 12, embeddingModel: "tkc-hashing-v1", createdAt });
    }
  }
  return rows;
}
