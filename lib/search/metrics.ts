export interface RankedHit {
  chunkId: string;
  documentId: string;
}

export interface Expected {
  documentIds: string[];
  chunkIds: string[];
}

export interface QueryMetrics {
  recall: number;
  reciprocalRank: number;
  ndcg: number;
}

/**
 * Retrieval metrics of one ranked list against what should come back. Each expected document or
 * chunk is a target, found at most once (a document by its first chunk in the list):
 * recall@k = targets found in the top k / targets; reciprocal rank = 1 / rank of the first hit;
 * nDCG@10 = binary-gain DCG of the top 10 over the ideal DCG of min(targets, 10) hits.
 */
export function scoreRanking(hits: RankedHit[], expected: Expected, k: number): QueryMetrics {
  const docs = new Set(expected.documentIds);
  const chunks = new Set(expected.chunkIds);
  const targets = docs.size + chunks.size;
  if (targets === 0) return { recall: 0, reciprocalRank: 0, ndcg: 0 };
  const seen = new Set<string>();
  const gains = hits.map((hit) => {
    const target = chunks.has(hit.chunkId) ? `c:${hit.chunkId}` : docs.has(hit.documentId) ? `d:${hit.documentId}` : null;
    if (!target || seen.has(target)) return 0;
    seen.add(target);
    return 1;
  });
  const found = gains.slice(0, k).reduce<number>((a, g) => a + g, 0);
  const first = gains.indexOf(1);
  const dcg = gains.slice(0, 10).reduce<number>((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  const ideal = Array.from({ length: Math.min(targets, 10) }, (_, i) => 1 / Math.log2(i + 2)).reduce((a, b) => a + b, 0);
  return { recall: found / targets, reciprocalRank: first === -1 ? 0 : 1 / (first + 1), ndcg: dcg / ideal };
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/**
 * One-sided sign test: the chance of at least `wins` wins in `wins + losses` queries that could
 * each go either way (ties left out). Small means the wins are unlikely to be luck.
 */
export function signTestP(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  // C(n, i) / 2^n, built up term by term so no factorial overflows.
  let term = 0.5 ** n;
  let p = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= wins) p += term;
    term = (term * (n - i)) / (i + 1);
  }
  return Math.min(1, p);
}
