import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { chunks, documents, evaluationRuns, tenants, users } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";
import { getProcessingStatus } from "@/lib/documents/processing-settings";
import { parseQuery } from "./query-parser";
import { NOTICE_NO_WORDS, NOTICE_STOP_WORDS, NOTICE_UNKNOWN_WORDS } from "./rank";
import { DEFAULT_RANKING, RRF_K } from "./ranking-settings";
import { commentOnSearch, rateResult } from "./result-feedback";
import { candidateCount, prepareRetrieval, retrieveSql } from "./retrieve";
import { search } from "./search-service";
import { searchInputSchema, type SearchResponse } from "./types";

const embedder = new HashingEmbedder(384);

describe("search", () => {
  let handle: DatabaseHandle;
  let alpha: Actor;
  let beta: Actor;
  let small: Actor;
  const ids: Record<string, string> = {};

  async function addDocument(actor: Actor, filename: string, mimeType: string, texts: string[], options: { model?: string; createdAt?: Date } = {}) {
    return withTenant(actor, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: actor.tenantId, filename, mimeType, fileSize: 1, sha256: `${filename}-${actor.tenantId}`.padEnd(64, "0").slice(0, 64), storageKey: `k/${actor.tenantId}/${filename}`, status: "completed", chunkCount: texts.length, createdAt: options.createdAt })
        .returning();
      const rows = await tx
        .insert(chunks)
        .values(texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: options.model ?? embedder.model })))
        .returning();
      rows.forEach((r) => (ids[r.content] = r.id));
      return doc!;
    });
  }

  const run = (actor: Actor, query: string, extra: Record<string, unknown> = {}) => search({ actor, input: searchInputSchema.parse({ query, ...extra }) });
  const contents = (response: SearchResponse) => response.results.map((r) => Object.keys(ids).find((k) => ids[k] === r.chunkId));

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "searcher@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Alpha", slug: "alpha" }, { name: "Beta", slug: "beta" }, { name: "Small", slug: "small" }]).returning();
    [alpha, beta, small] = made.map((t): Actor => ({ tenantId: t.id, role: "member", userId: user!.id })) as [Actor, Actor, Actor];
    await addDocument(alpha!, "faq.md", "text/markdown", [
      "Reset your password from the sign-in page.",
      "The password policy requires ten characters.",
      "Travel expenses need approval from a budget owner.",
      "The sign-in page shows a reset link.",
    ]);
    await addDocument(alpha!, "old.txt", "text/plain", ["Archived travel policy from last year."], { createdAt: new Date("2020-01-01T00:00:00Z") });
    await addDocument(beta!, "beta-faq.md", "text/markdown", ["Reset your password from the beta portal."]);
  });

  afterAll(() => handle?.close());

  async function setRanking(actor: Actor, ranking: Record<string, unknown>) {
    await withSystem("test", (tx) => tx.update(tenants).set({ settings: { ranking } }).where(eq(tenants.id, actor.tenantId)));
  }

  it("hybrid ranking puts the passage with all the words first and fuses normalised scores convexly", async () => {
    const hybrid = await run(alpha!, "reset password", { topK: 10 });
    expect(contents(hybrid)[0]).toBe("Reset your password from the sign-in page.");
    expect(contents(hybrid)).not.toContain("Reset your password from the beta portal.");
    const fulltext = await run(alpha!, "reset password", { mode: "fulltext", topK: 50 });
    // Feedback (RM3) may add passages that share the best matches' other words, below the word matches.
    expect(contents(fulltext).slice(0, 3).sort()).toEqual(["Reset your password from the sign-in page.", "The password policy requires ten characters.", "The sign-in page shows a reset link."].sort());
    // Each fused score is alpha * semantic part + (1 - alpha) * full-text part, in descending order.
    for (const r of hybrid.results) {
      const e = r.explanation;
      expect(e.fusion).toEqual({ method: "convex", alpha: DEFAULT_RANKING.alpha });
      expect(e.fusedScore).toBeCloseTo(DEFAULT_RANKING.alpha * (e.semanticPart ?? 0) + (1 - DEFAULT_RANKING.alpha) * (e.fulltextPart ?? 0), 6);
    }
    const scores = hybrid.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(hybrid.results[0]!.explanation).toMatchObject({ matchedSemantic: true, matchedFulltext: true, fulltextPart: 1 });
    expect(hybrid.semantic).toMatchObject({ kind: "lexical", model: embedder.model, label: expect.stringMatching(/^Approximate: no embedding model configured/) });
  });

  it("fuses by reciprocal rank when the workspace chooses it", async () => {
    await setRanking(alpha!, { fusion: "rrf" });
    try {
      const semantic = await run(alpha!, "reset password", { mode: "semantic", topK: 50 });
      const fulltext = await run(alpha!, "reset password", { mode: "fulltext", topK: 50 });
      const hybrid = await run(alpha!, "reset password", { topK: 10 });
      const rrf = new Map<string, number>();
      for (const list of [semantic, fulltext]) list.results.forEach((r, i) => rrf.set(r.chunkId, (rrf.get(r.chunkId) ?? 0) + 1 / (RRF_K + i + 1)));
      const expected = [...rrf.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
      expect(hybrid.results.map((r) => r.chunkId)).toEqual(expected.slice(0, 10));
      expect(hybrid.results[0]!.explanation.fusion).toEqual({ method: "rrf", k: RRF_K });
      expect(hybrid.results[0]!.explanation.fusedScore).toBeCloseTo(2 / (RRF_K + 1), 6);
    } finally {
      await setRanking(alpha!, {});
    }
  });

  it("scores full text with BM25 exactly as computed by hand, with each term's part explained", async () => {
    const [t] = await handle.db.insert(tenants).values({ name: "BM25", slug: "bm25", settings: { ranking: { prf: false } } }).returning();
    const actor: Actor = { tenantId: t!.id, role: "member", userId: alpha!.userId };
    // English stemming: appl, banana, cherri, durian, elderberri, fig. Lengths 3, 2 and 4 words; average 3.
    await addDocument(actor, "fruit.txt", "text/plain", ["apple apple banana", "apple cherry", "cherry durian elderberry fig"]);
    const { results } = await run(actor, "apples", { mode: "fulltext", topK: 10 });
    const idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
    const bm25 = (tf: number, len: number) => (idf * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * len) / 3));
    expect(contents({ results } as SearchResponse)).toEqual(["apple apple banana", "apple cherry"]);
    expect(results[0]!.score).toBeCloseTo(bm25(2, 3), 9);
    expect(results[1]!.score).toBeCloseTo(bm25(1, 2), 9);
    expect(results[0]!.explanation.terms).toEqual([{ term: "appl", idf: expect.closeTo(idf, 9), tf: 2, weight: 1, contribution: expect.closeTo(bm25(2, 3), 9) }]);
  });

  it("matches a hyphenated compound or its parts, and ranks an exact quoted phrase first", async () => {
    const [t] = await handle.db.insert(tenants).values({ name: "Phrases", slug: "phrases" }).returning();
    const actor: Actor = { tenantId: t!.id, role: "member", userId: alpha!.userId };
    await addDocument(actor, "flames.txt", "text/plain", [
      "Burning velocity of methane-air flames at high pressure.",
      "Air and methane mixtures ignite late.",
      "Transfer of heat, and heat again, through the nozzle wall.",
      "Heat transfer in nozzles.",
      "Unrelated wind tunnel calibration.",
    ]);
    const compound = contents(await run(actor, "methane-air", { mode: "fulltext" }));
    expect(compound).toEqual(["Burning velocity of methane-air flames at high pressure.", "Air and methane mixtures ignite late."]);
    const phrase = contents(await run(actor, '"heat transfer"', { mode: "fulltext" }));
    expect(phrase[0]).toBe("Heat transfer in nozzles.");
    expect(phrase).toContain("Transfer of heat, and heat again, through the nozzle wall.");
    expect(contents(await run(actor, '+"heat transfer" nozzle', { mode: "fulltext" }))).toEqual(["Heat transfer in nozzles."]);
    expect(contents(await run(actor, "heat -nozzles", { mode: "fulltext" }))).toEqual([]);
    expect(contents(await run(actor, "/calibration?", { mode: "fulltext" }))).toEqual(["Unrelated wind tunnel calibration."]);
  });

  it("lets a first place in one retriever reach the hybrid top 3", async () => {
    const [t] = await handle.db.insert(tenants).values({ name: "Single", slug: "single" }).returning();
    const actor: Actor = { tenantId: t!.id, role: "member", userId: alpha!.userId };
    const query = "zygote membrane";
    // 60 chunks that sit exactly on the query vector but share no word with it: semantic's whole candidate list.
    await withTenant(actor, async (tx) => {
      const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename: "crowd.txt", mimeType: "text/plain", fileSize: 1, sha256: "f".repeat(64), storageKey: "single-crowd", status: "completed" }).returning();
      await tx.insert(chunks).values(Array.from({ length: 60 }, (_, i) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal: i, content: `filler passage number ${i}`, tokenCount: 4, embedding: embedder.embedOne(query), embeddingModel: embedder.model })));
    });
    await addDocument(actor, "biology.txt", "text/plain", ["A long passage on cells, tissues and organs where the zygote appears once among many other words."]);
    const fulltextOnly = await run(actor, query, { topK: 10 });
    expect(fulltextOnly.results.slice(0, 3).map((r) => r.filename)).toContain("biology.txt");
    const first = fulltextOnly.results.find((r) => r.filename === "biology.txt")!;
    expect(first.explanation).toMatchObject({ matchedSemantic: false, fulltextRank: 1, fulltextPart: 1 });

    // And a semantic first place with no word in common: a chunk whose vector is the query's own.
    await withTenant(actor, (tx) =>
      tx.insert(chunks).values({ documentId: first.documentId, tenantId: actor.tenantId, ordinal: 1, content: "lorem ipsum dolor sit amet", tokenCount: 5, embedding: embedder.embedOne("cell division mitosis"), embeddingModel: embedder.model }),
    );
    await setRanking(actor, { alpha: 0.5 });
    const semanticOnly = await run(actor, "cell division mitosis", { topK: 10 });
    const nearest = semanticOnly.results.findIndex((r) => r.explanation.vectorRank === 1);
    expect(nearest).toBeGreaterThanOrEqual(0);
    expect(nearest).toBeLessThan(3);
    expect(semanticOnly.results[nearest]!.explanation).toMatchObject({ matchedFulltext: false, semanticPart: 1 });
  });

  it("marks results under half the best score as weaker matches", async () => {
    const { results } = await run(alpha!, "password reset sign-in page", { mode: "fulltext", topK: 10 });
    const best = results[0]!.score;
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) expect(r.weak).toBe(r.score < best / 2);
    expect(results.some((r) => r.weak)).toBe(true);
  });

  it("answers bad queries with an empty list and a reason, never an error", async () => {
    for (const mode of ["semantic", "fulltext", "hybrid"] as const) {
      expect(await run(alpha!, "the of and", { mode }), mode).toMatchObject({ results: [], notice: NOTICE_STOP_WORDS });
      for (const query of ["?!?", "-", "OR OR", '"', "-password", "\u0007\u0008"]) {
        expect(await run(alpha!, query, { mode }), `${mode} ${query}`).toMatchObject({ results: [], notice: NOTICE_NO_WORDS });
      }
    }
    expect(await run(alpha!, "zxqvbnm", { mode: "fulltext" })).toMatchObject({ results: [], notice: NOTICE_UNKNOWN_WORDS });
    const unbalanced = await run(alpha!, '"reset password', { mode: "fulltext" });
    expect(unbalanced.results.length).toBeGreaterThan(0);
    const long = await run(alpha!, `${"password ".repeat(55)}`.slice(0, 500), { mode: "hybrid" });
    expect(long.results.length).toBeGreaterThan(0);
    const operators = await run(alpha!, "password & | ! <-> :* ' \\", { mode: "hybrid" });
    expect(operators.results.length).toBeGreaterThan(0);
  });

  it("highlights matching words in the snippet with markers, not HTML", async () => {
    const { results } = await run(alpha!, "approval", { mode: "fulltext" });
    expect(results[0]!.snippet).toContain("\u0001approval\u0002");
    expect(results[0]!.snippet).not.toContain("<b>");
  });

  it("keeps every search path inside the tenant", async () => {
    for (const mode of ["semantic", "fulltext", "hybrid"] as const) {
      const fromBeta = await run(beta!, "reset your password sign-in page", { mode, topK: 50 });
      expect(fromBeta.results.every((r) => r.filename === "beta-faq.md"), mode).toBe(true);
      expect(fromBeta.results.length, mode).toBe(1);
    }
  });

  it("filters by file type, document and upload date", async () => {
    const txtOnly = await run(alpha!, "travel policy", { kinds: ["txt"], topK: 50 });
    expect(txtOnly.results.map((r) => r.filename)).toEqual(["old.txt"]);
    const recent = await run(alpha!, "travel policy", { from: "2024-01-01T00:00:00Z", topK: 50 });
    expect(recent.results.map((r) => r.filename)).not.toContain("old.txt");
    const [faq] = await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.filename, "faq.md")));
    const oneDoc = await run(alpha!, "travel", { documentIds: [faq!.id], topK: 50 });
    expect(new Set(oneDoc.results.map((r) => r.filename))).toEqual(new Set(["faq.md"]));
  });

  it("records each search as an evaluation run, and takes feedback on one's own run only", async () => {
    const response = await run(alpha!, "password policy", { mode: "semantic", topK: 3 });
    const [row] = await withSystem("test", (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.id, response.runId)));
    expect(row).toMatchObject({ tenantId: alpha!.tenantId, userId: alpha!.userId, query: "password policy", mode: "semantic", userFeedback: null });
    expect(row!.sources).toHaveLength(response.results.length);
    expect(row!.sources[0]).toMatchObject({ chunkId: response.results[0]!.chunkId, rank: 1 });
    expect(row!.tokenCount).toBeGreaterThan(0);
    expect(row!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(row!.qualityScore).toBeCloseTo(response.qualityScore, 3);
    expect(response.qualityScore).toBeGreaterThan(0.3);

    // Each result is rated on its own (lib/search/result-feedback.test.ts covers the rest).
    const first = response.results[0]!;
    await rateResult({ actor: alpha!, input: { runId: response.runId, chunkId: first.chunkId, documentId: first.documentId, rating: "thumbs_down" } });
    await commentOnSearch({ actor: alpha!, runId: response.runId, comment: "too generic" });
    const [after] = await withSystem("test", (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.id, response.runId)));
    expect(after).toMatchObject({ userFeedback: "thumbs_down", metadata: expect.objectContaining({ comment: "too generic" }) });

    const stranger = { ...alpha!, userId: "00000000-0000-4000-8000-000000000001" };
    const up = { runId: response.runId, chunkId: first.chunkId, documentId: first.documentId, rating: "thumbs_up" as const };
    await expect(rateResult({ actor: stranger, input: up })).rejects.toThrow(/not yours/);
    await expect(rateResult({ actor: beta!, input: up })).rejects.toThrow(/not yours/);
  });

  it("leaves chunks of another embedding model out of semantic search but not out of full-text", async () => {
    await addDocument(alpha!, "legacy.md", "text/markdown", ["Quarantine procedure for legacy laptops."], { model: "some-other-model" });
    const semantic = await run(alpha!, "quarantine legacy laptops", { mode: "semantic", topK: 50 });
    expect(semantic.results.map((r) => r.filename)).not.toContain("legacy.md");
    expect((await getProcessingStatus({ actor: alpha! })).staleChunks).toBe(1);
    const fulltext = await run(alpha!, "quarantine legacy laptops", { mode: "fulltext" });
    expect(fulltext.results.map((r) => r.filename)).toEqual(["legacy.md"]);
  });

  it("finds all 3 chunks of a small tenant among 10,000 near-identical chunks of another tenant", () => expectSmallAmongCrowd(beta, small, 10_000), 180_000);
});

/**
 * A workspace of 3 chunks next to one of `size` chunks right beside the query in vector space: the
 * small one gets all 3 in every mode, read exactly; the crowded one (over GRAPH_FROM_CHUNKS) walks
 * its own graph and gets its full k, and its full-text candidates come from its GIN index.
 */
async function expectSmallAmongCrowd(crowded: Actor, small: Actor, size: number): Promise<void> {
  const query = "retention schedule for quarterly archives";
  const vector = embedder.embedOne(query);
  // 50 distinct jittered copies of the query vector, each used 200 times.
  const jittered = Array.from({ length: 50 }, (_, j) => `[${vector.map((v, i) => v + Math.sin(i * 7 + j * 13) * 0.005).join(",")}]`);
  const documentOf = (actor: Actor, filename: string) =>
    withTenant(actor, async (tx) => {
      const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename, mimeType: "text/markdown", fileSize: 1, sha256: filename.padEnd(64, "0"), storageKey: `k/${actor.tenantId}/${filename}`, status: "completed" }).returning();
      return doc!.id;
    });
  const crowd = await documentOf(crowded, "crowd.md");
  await withTenant(crowded, (tx) =>
    tx.execute(sql`
      insert into chunks (document_id, tenant_id, ordinal, content, token_count, embedding, embedding_model)
      select ${crowd}, ${crowded.tenantId}, g, 'retention schedule for quarterly archives, copy ' || g, 8,
             (${`{${jittered.map((j) => `"${j}"`).join(",")}}`}::text[])[1 + g % 50]::vector,
             ${embedder.model}
      from generate_series(1, ${size}) g`),
  );
  const own = await documentOf(small, "small.md");
  const texts = ["Our retention schedule keeps archives for seven years.", "Quarterly archives move to cold storage.", "A schedule for the quarterly review."];
  await withTenant(small, (tx) =>
    tx.insert(chunks).values(texts.map((content, ordinal) => ({ documentId: own, tenantId: small.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: embedder.model }))),
  );
  const run = (actor: Actor, mode: "semantic" | "hybrid" | "fulltext") => search({ actor, input: searchInputSchema.parse({ query, mode, topK: 10 }) });
  for (const mode of ["semantic", "hybrid", "fulltext"] as const) {
    expect((await run(small, mode)).results.map((r) => r.filename), mode).toEqual(["small.md", "small.md", "small.md"]);
  }
  const planOf = (actor: Actor, mode: "semantic" | "fulltext", analyze = false, documentIds?: string[]) =>
    withTenant(actor, async (tx) => {
      await prepareRetrieval(tx, actor.tenantId);
      const options = { tenantId: actor.tenantId, mode, query: parseQuery(query), textConfig: "english", ranking: DEFAULT_RANKING, vector, model: embedder.model, concepts: false, topK: 10, documentIds };
      const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`explain ${analyze ? sql`(analyze) ` : sql``}${retrieveSql(options)}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  expect(await planOf(crowded, "semantic")).toMatch(/Index Scan using \S*embedding\S*idx/);
  // Rows the graph walk gave, from EXPLAIN ANALYZE.
  const walked = async (documentIds?: string[]) =>
    Number(/Index Scan using \S*embedding\S*idx.*actual time=\S+ rows=([\d.]+)/.exec(await planOf(crowded, "semantic", true, documentIds))?.[1]);
  // The walk is read on past the n it keeps (retrieveSql), not stopped by the planner at n + 1.
  expect(await walked()).toBeGreaterThan(candidateCount(10) + 1);
  // Filtered, it asks the walk for n only: many more that pass a filter can take much of the graph to find.
  expect(await walked([crowd])).toBeLessThanOrEqual(candidateCount(10) + 1);
  expect(await planOf(small, "semantic")).not.toMatch(/embedding\S*idx/);
  // Under row level security too (migration 0022), full-text candidates come from the GIN index, not a read of the whole partition.
  expect(await planOf(crowded, "fulltext")).toMatch(/Bitmap Index Scan on \S*tsv_idx/);
  expect((await run(crowded, "semantic")).results).toHaveLength(10);
}

describe("search over postgres.js (DATABASE_URL), a small workspace beside a crowded one", () => {
  let handle: DatabaseHandle;
  let crowded: Actor;
  let small: Actor;

  beforeAll(async () => {
    handle = await createWireTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "wire-searcher@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Crowded", slug: "crowded" }, { name: "Small", slug: "small" }]).returning();
    [crowded, small] = made.map((t): Actor => ({ tenantId: t.id, role: "member", userId: user!.id })) as [Actor, Actor];
  });

  afterAll(() => handle?.close());

  // 3,000 crowd chunks are enough to cross GRAPH_FROM_CHUNKS; the embedded suite runs 10,000.
  it("finds all 3 chunks of a small workspace beside 3,000 near-identical chunks, and the crowded one searches its own graph", () => expectSmallAmongCrowd(crowded, small, 3000), 180_000);
});
