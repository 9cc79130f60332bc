import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, sql } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { openPglite } from "@/db/connect";
import { chunks, documents, tenants, users, type SearchMode } from "@/db/schema";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { DEFAULT_WORKER_OPTIONS, drainQueue } from "@/lib/ingest/worker";
import { linkAllVectors } from "@/lib/search/vector-links";
import { foldInNextConcepts } from "@/lib/search/concepts/chunk-concepts";
import { refitNextConceptModel } from "@/lib/search/concepts/concept-models";
import { addEvaluationItem, createEvaluationSet } from "@/lib/search/evaluation-sets";
import { search } from "@/lib/search/search-service";
import { applyRanking, tuneRanking } from "@/lib/search/tune-ranking";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { bm25Reference } from "./bm25-reference";
import { loadCisi, type TestCollection } from "./cisi";
import { measure, percentile, round } from "./measure";

const MODES: SearchMode[] = ["fulltext", "semantic", "hybrid"];
const DEPTH = 100;

export interface QueryScores {
  ndcg10: number;
  ap100: number;
  recall100: number;
  rr: number;
}

/** Document-level metrics of one ranking with binary judgements (trec_eval's definitions). */
export function scoreDocuments(ranked: string[], relevant: Set<string>): QueryScores {
  let hits = 0;
  let precisionSum = 0;
  let dcg = 0;
  let rr = 0;
  ranked.slice(0, DEPTH).forEach((id, i) => {
    if (!relevant.has(id)) return;
    hits++;
    precisionSum += hits / (i + 1);
    if (i < 10) dcg += 1 / Math.log2(i + 2);
    if (rr === 0) rr = 1 / (i + 1);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { ndcg10: dcg / ideal, ap100: precisionSum / relevant.size, recall100: hits / relevant.size, rr };
}

export function summarise(name: string, perQuery: QueryScores[], latencies: number[] = []) {
  const mean = (f: (s: QueryScores) => number) => round(perQuery.reduce((a, s) => a + f(s), 0) / perQuery.length, 4);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    run: name,
    "nDCG@10": mean((s) => s.ndcg10),
    "MAP@100": mean((s) => s.ap100),
    "recall@100": mean((s) => s.recall100),
    MRR: mean((s) => s.rr),
    "p50 ms": sorted.length ? round(percentile(sorted, 50), 1) : null,
    "p95 ms": sorted.length ? round(percentile(sorted, 95), 1) : null,
  };
}

/** Distinct documents in result order: a document counts once, at its best chunk. */
export function documentOrder(ids: string[]): string[] {
  return [...new Set(ids)];
}

export async function ingest(collection: TestCollection, actor: Actor, dir: string): Promise<Map<string, string>> {
  const byDocumentId = new Map<string, string>();
  for (const doc of collection.documents) {
    const data = Buffer.from(`${doc.title}\n\n${doc.text}\n`);
    const tempPath = path.join(dir, `cisi-${doc.id}.upload`);
    await writeFile(tempPath, data);
    const { document } = await createDocumentFromUpload({
      actor,
      upload: { filename: `cisi-${doc.id}.txt`, kind: "txt", size: data.length, sha256: createHash("sha256").update(data).digest("hex"), tempPath },
    });
    byDocumentId.set(document.id, doc.id);
  }
  const embedder = new HashingEmbedder(384);
  await drainQueue({ ...DEFAULT_WORKER_OPTIONS, embedder });
  // What the idle worker does next: link the chunks into the vector graph, fit the workspace's
  // concept model and fold its chunks into it.
  await linkAllVectors();
  const fitted = await measure(async () => {
    while (await refitNextConceptModel(embedder));
    while (await foldInNextConcepts());
  });
  console.log(`fitted the concept model in ${round(fitted.seconds)} s`);
  return byDocumentId;
}

/**
 * `npm run bench -- quality [dataset dir]`: CISI through the real pipeline (upload service, worker,
 * parser, chunker, offline embedder) into a fresh embedded database; every judged query in every
 * mode through the search service, scored at the document level (nDCG@10, MAP@100, recall@100, MRR)
 * beside a BM25 reference computed in the same run over the same texts, with p50/p95 latency;
 * then again after "Tune ranking" on the odd-numbered queries, reported on all and on the rest.
 */
export async function benchQuality({ dataset = path.resolve("../shared/datasets/cisi") }: { dataset?: string } = {}) {
  const collection = await loadCisi(dataset);
  const judged = collection.queries.filter((q) => collection.relevant.has(q.id));
  const dir = await mkdtemp(path.join(os.tmpdir(), "tkc-bench-quality-"));
  process.env.STORAGE_DIR = path.join(dir, "files");
  const handle = await openPglite(path.join(dir, "pglite"));
  await handle.migrate();
  setDatabase(handle);
  try {
    const [user] = await handle.db.insert(users).values({ email: "bench@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "CISI", slug: "cisi" }).returning();
    const actor: Actor = { tenantId: tenant!.id, role: "owner", userId: user!.id };
    const ingested = await measure(() => ingest(collection, actor, dir));
    const [failed] = await withSystem("bench", (tx) => tx.select({ n: count() }).from(documents).where(sql`${documents.status} <> 'completed'`));
    const [chunkCount] = await withSystem("bench", (tx) => tx.select({ n: count() }).from(chunks));
    console.log(`ingested ${collection.documents.length} documents (${chunkCount!.n} chunks, ${failed!.n} not completed) in ${round(ingested.seconds)} s`);
    const cisiId = ingested.value;

    const reference = bm25Reference(collection.documents.map((d) => ({ id: d.id, text: `${d.title}\n\n${d.text}` })));
    const referenceScores = judged.map((q) => scoreDocuments(reference.search(q.text, DEPTH), collection.relevant.get(q.id)!));
    const runModes = async (label: string) => {
      const runs: { name: string; scores: QueryScores[]; latencies: number[] }[] = [];
      for (const mode of MODES) {
        const scores: QueryScores[] = [];
        const latencies: number[] = [];
        for (const q of judged) {
          const started = performance.now();
          const response = await search({ actor, input: { query: q.text, mode, topK: DEPTH } });
          latencies.push(performance.now() - started);
          scores.push(scoreDocuments(documentOrder(response.results.map((r) => cisiId.get(r.documentId)!)), collection.relevant.get(q.id)!));
        }
        runs.push({ name: `${mode}${label}`, scores, latencies });
      }
      return runs;
    };
    const defaults = await runModes("");

    // Tuning as a workspace would: an evaluation set of the odd-numbered judged queries, the grid
    // scored on it, the best setting applied. The even-numbered queries were never seen by it.
    // Two CISI records with the same text are one document (uploads are de-duplicated by content).
    const documentIdOf = new Map([...cisiId].map(([documentId, id]) => [id, documentId]));
    const set = await createEvaluationSet({ actor, name: "CISI odd queries" });
    const tuningQueries = judged.filter((_, i) => i % 2 === 0);
    for (const q of tuningQueries) {
      await addEvaluationItem({ actor, setId: set.id, query: q.text, documentIds: [...new Set([...collection.relevant.get(q.id)!].flatMap((id) => documentIdOf.get(id) ?? []))], chunkIds: [] });
    }
    const tuning = await measure(() => tuneRanking({ actor, setId: set.id }));
    // What an admin applies: the recommended setting (a clear gain, else the current one); the
    // top of the grid is reported too, to show what applying it blindly would do.
    const best = tuning.value.recommended;
    const top = tuning.value.candidates[0]!;
    await applyRanking({ actor, ranking: best.current ? null : best.settings });
    console.log(
      `tuned on ${tuningQueries.length} queries in ${round(tuning.seconds)} s: recommended ${best.current ? "the defaults" : JSON.stringify(best.settings)} (nDCG@10 there ${round(best.ndcg, 4)}); ` +
        `top of the grid ${JSON.stringify(top.settings)} (${round(top.ndcg, 4)}, ${top.wins} wins / ${top.losses} losses) vs ${round(tuning.value.current.ndcg, 4)} with the defaults`,
    );
    const tuned = await runModes(" (tuned)");

    const report = (subset: (i: number) => boolean) => {
      const pick = <T,>(list: T[]) => list.filter((_, i) => subset(i));
      const rows = [summarise("BM25 reference (wink-bm25-text-search)", pick(referenceScores))];
      for (const run of [...defaults, ...tuned]) rows.push(summarise(run.name, pick(run.scores), run.latencies));
      const ref = rows[0]!["nDCG@10"];
      return rows.map((r) => ({ ...r, "× BM25 nDCG@10": round(r["nDCG@10"] / ref, 3) }));
    };
    const table = report(() => true);
    const heldOut = report((i) => i % 2 === 1);
    console.log(`all ${judged.length} judged queries (of ${collection.queries.length}); documents scored once, at their best chunk; latency per search through the service, top ${DEPTH}`);
    console.table(table);
    console.log(`the ${heldOut.length && judged.length - tuningQueries.length} even-numbered queries the tuning never saw`);
    console.table(heldOut);
    return { queries: judged.length, table, heldOut, tuned: best.settings };
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}
