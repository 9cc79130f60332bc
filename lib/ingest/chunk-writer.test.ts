import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle, type Executor } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase, databaseError } from "@/lib/testing/test-database";
import { chunkBlocks, DEFAULT_CHUNKING } from "./chunker";
import { insertChunks, MAX_BIND_PARAMETERS, ROWS_PER_INSERT, type ChunkRow } from "./chunk-writer";
import { parseDocument } from "./parsers";
import { analyseTexts } from "./text-analysis";

const embedder = new HashingEmbedder(384);

const FIXTURE = [
  "# Travel policy",
  "Staff book flights through the portal. The governor's office in Owerri approves trips over 2,000 EUR; café receipts need a scan.",
  "## Expenses",
  ...Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: invoices, receipts and ledger entries are reconciled each quarter by the finance team (${i % 7} reviewers).`),
  "Ünïcödé wörds, emoji 🎉 and a tab\tstay as written.",
].join("\n\n");

/** A real document's chunks and vectors, plus rows that exercise the edges: no vector, another configuration, empty metadata. */
async function fixtureRows(documentId: string, tenantId: string): Promise<ChunkRow[]> {
  const pieces = chunkBlocks((await parseDocument("md", new TextEncoder().encode(FIXTURE))).blocks, { ...DEFAULT_CHUNKING, chunkSize: 60, overlap: 10 });
  const vectors = await embedder.embed(pieces.map((p) => p.content));
  const rows: ChunkRow[] = pieces.map((p, i) => ({
    documentId,
    tenantId,
    ordinal: p.ordinal,
    content: p.content,
    tokenCount: p.tokenCount,
    textConfig: "english",
    embedding: vectors[i]!,
    embeddingModel: embedder.model,
    metadata: p.metadata,
  }));
  const next = rows.length;
  rows.push(
    { documentId, tenantId, ordinal: next, content: "Not embedded yet: the provider was down.", tokenCount: 8, textConfig: "english", embedding: null, embeddingModel: null, metadata: {} },
    { documentId, tenantId, ordinal: next + 1, content: "Running runners ran; simple keeps every word.", tokenCount: 8, textConfig: "simple", embedding: [-0, ...Array.from({ length: 383 }, (_, i) => Math.sin(i) / 20)], embeddingModel: "other", metadata: { page: 2, heading: "Simple" } },
  );
  return rows;
}

/** The rows with their tsvectors and word counts made as the text analysis thread makes them (embedded engine only). */
async function analysed(rows: ChunkRow[]): Promise<ChunkRow[]> {
  const out = [...rows];
  for (const config of new Set(rows.map((r) => r.textConfig))) {
    const at = rows.flatMap((r, i) => (r.textConfig === config ? [i] : []));
    const made = await analyseTexts(config, at.map((i) => rows[i]!.content));
    at.forEach((i, k) => (out[i] = { ...rows[i]!, analysed: made[k] }));
  }
  return out;
}

/** Everything a chunk row holds except its id and time, as text, in ordinal order. */
async function rowsOf(db: Executor, documentId: string) {
  return queryRows(
    db,
    sql`select ordinal, content, token_count, text_config::text as text_config, embedding::text as embedding, pending_embedding::text as pending_embedding,
               embedding_model, metadata::text as metadata,
               tsv::text as tsv, lexeme_count
          from chunks where document_id = ${documentId} order by ordinal`,
  );
}

/** A workspace's BM25 corpus statistics (migration 0014's triggers keep them). */
async function statsOf(db: Executor, tenantId: string) {
  const corpus = await queryRows(db, sql`select chunks::int as chunks, lexemes::int as lexemes from chunk_corpus_stats where tenant_id = ${tenantId}`);
  const lexemes = await queryRows(db, sql`select lexeme, chunks from chunk_lexeme_stats where tenant_id = ${tenantId} order by lexeme`);
  return { corpus, lexemes };
}

describe.each([
  ["PGlite, binary vector parameters", createTestDatabase, "pglite"],
  ["postgres.js over the wire (pglite-socket)", createWireTestDatabase, "postgres"],
] as const)("writing chunks (%s)", (_name, open, driver) => {
  let handle: DatabaseHandle;
  const actors: Actor[] = [];

  async function newDocument(actor: Actor, name: string): Promise<string> {
    const [doc] = await withTenant(actor, (tx) =>
      tx
        .insert(documents)
        .values({ tenantId: actor.tenantId, filename: name, mimeType: "text/markdown", fileSize: 1, sha256: name.padEnd(64, "0"), storageKey: `${actor.tenantId}/${name}`, status: "processing" })
        .returning(),
    );
    return doc!.id;
  }

  beforeAll(async () => {
    handle = await open();
    const made = await handle.db
      .insert(tenants)
      .values(["before", "after", "many"].map((slug) => ({ name: slug, slug })))
      .returning();
    actors.push(...made.map((t) => ({ tenantId: t.id, role: "owner" as const })));
  });

  afterAll(() => handle?.close());

  it("writes the same rows, vectors and corpus statistics as the Drizzle insert it replaces", async () => {
    const [before, after] = actors as [Actor, Actor];
    const docBefore = await newDocument(before, "before.md");
    const docAfter = await newDocument(after, "after.md");
    const rowsBefore = await fixtureRows(docBefore, before.tenantId);
    // The reference write: Drizzle's insert, vectors in pgvector's text form, the row trigger
    // analysing the text, 200 rows a statement. Vectors wait for the graph (vector-links.ts).
    await withTenant(before, async (tx) => {
      for (let i = 0; i < rowsBefore.length; i += 200) {
        await tx.insert(chunks).values(rowsBefore.slice(i, i + 200).map(({ embedding, ...row }) => ({ ...row, pendingEmbedding: embedding })));
      }
    });
    // The embedded engine gets each tsvector made beforehand, by a PGlite of its own.
    const rowsAfter = await fixtureRows(docAfter, after.tenantId);
    await withTenant(after, async (tx) => insertChunks(tx, driver, driver === "pglite" ? await analysed(rowsAfter) : rowsAfter));

    const [written, expected] = await withSystem("test", async (tx) => [await rowsOf(tx, docAfter), await rowsOf(tx, docBefore)]);
    expect(written.length).toBe(rowsBefore.length);
    expect(written).toEqual(expected);
    expect(written.every((r) => r.embedding === null)).toBe(true);
    expect(written.filter((r) => r.pending_embedding === null)).toHaveLength(1);
    expect(written.find((r) => r.text_config === "simple")?.tsv).toBe("'every':6 'keeps':5 'ran':3 'runners':2 'running':1 'simple':4 'word':7");
    const [statsAfter, statsBefore] = await withSystem("test", async (tx) => [await statsOf(tx, after.tenantId), await statsOf(tx, before.tenantId)]);
    expect(statsAfter.corpus).toEqual([{ chunks: rowsBefore.length, lexemes: expect.any(Number) }]);
    expect(statsAfter).toEqual(statsBefore);
  });

  it("splits a document of many chunks into statements under the 65,535-parameter limit", async () => {
    const many = actors[2]!;
    const doc = await newDocument(many, "many.md");
    // More rows than one statement of eleven parameters a row could carry.
    const n = Math.floor(MAX_BIND_PARAMETERS / 11) + 250;
    expect(n).toBeGreaterThan(ROWS_PER_INSERT);
    const vector = await embedder.embedOne("ledger");
    const rows: ChunkRow[] = Array.from({ length: n }, (_, i) => ({
      documentId: doc,
      tenantId: many.tenantId,
      ordinal: i,
      content: `row ${i} ledger`,
      tokenCount: 3,
      textConfig: "english",
      // A few vectors; the rest stay empty to keep the test short.
      embedding: i % 1000 === 0 ? vector : null,
      embeddingModel: i % 1000 === 0 ? embedder.model : null,
      metadata: { cue: i },
    }));
    await withTenant(many, (tx) => insertChunks(tx, driver, rows));
    const [counted] = await withSystem("test", (tx) =>
      queryRows<{ n: number; vectors: number; last: number }>(
        tx,
        sql`select count(*)::int as n, count(pending_embedding)::int as vectors, max(ordinal) as last from chunks where document_id = ${doc}`,
      ),
    );
    expect(counted).toEqual({ n, vectors: Math.ceil(n / 1000), last: n - 1 });
    const stats = await withSystem("test", (tx) => statsOf(tx, many.tenantId));
    expect(stats.corpus[0]!.chunks).toBe(n);
    expect(stats.lexemes.find((l) => l.lexeme === "ledger")).toEqual({ lexeme: "ledger", chunks: n });
  });

  it("stays under row level security: a row for another workspace is refused and nothing is written", async () => {
    const [before, after] = actors as [Actor, Actor];
    const doc = await newDocument(after, "foreign.md");
    const rows = (await fixtureRows(doc, after.tenantId)).slice(0, 3);
    rows[1] = { ...rows[1]!, tenantId: before.tenantId };
    expect(await databaseError(withTenant(after, (tx) => insertChunks(tx, driver, rows)))).toMatch(/row-level security/);
    const left = await withSystem("test", (tx) => tx.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, doc)));
    expect(left).toEqual([]);
  });
});
