import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDatabase } from "@/db/client";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { documents, tenants, users } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { insertChunks } from "@/lib/ingest/chunk-writer";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";
import { search } from "./search-service";
import { searchInputSchema, type SearchResponse } from "./types";
import { countWaitingVectors, LINK_SLICE, linkAllVectors, linkNextVectors } from "./vector-links";

const embedder = new HashingEmbedder(384);

const TEXTS = [
  "Invoices are kept for ten years under the retention policy.",
  "The retention schedule for contracts is seven years.",
  "Quarterly budget reviews happen in March, June, September and December.",
  "Incident recovery starts with the on-call engineer.",
  "Travel above 500 euros needs approval from a budget owner.",
  ...Array.from({ length: LINK_SLICE + 5 }, (_, i) => `Filler paragraph ${i} about ledgers, suppliers and shipments in region ${i % 4}.`),
];

/** PGlite behind a socket, as `npm start` serves it: the wire driver, but embedded (no autovacuum). */
async function embeddedBehindSocket(): Promise<DatabaseHandle> {
  const handle = { ...(await createWireTestDatabase()), embedded: true };
  setDatabase(handle);
  return handle;
}

describe.each([
  ["embedded PGlite", createTestDatabase],
  ["embedded PGlite behind a socket, as npm start serves it", embeddedBehindSocket],
  ["postgres.js over the wire (pglite-socket)", createWireTestDatabase],
] as const)("chunks waiting for the vector graph (%s)", (_name, open) => {
  let handle: DatabaseHandle;
  let actor: Actor;
  let documentId: string;

  async function addDocument(who: Actor, filename: string, texts: string[]): Promise<string> {
    return withTenant(who, async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: who.tenantId, filename, mimeType: "text/plain", fileSize: 1, sha256: filename.padEnd(64, "0"), storageKey: `k/${who.tenantId}/${filename}`, status: "completed", chunkCount: texts.length })
        .returning();
      const vectors = await embedder.embed(texts);
      const rows = texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: who.tenantId, ordinal, content, tokenCount: 5, textConfig: "english", embedding: vectors[ordinal]!, embeddingModel: embedder.model, metadata: {} }));
      await insertChunks(tx, handle.driver, rows);
      return doc!.id;
    });
  }

  const run = (query: string, extra: Record<string, unknown> = {}) => search({ actor, input: searchInputSchema.parse({ query, ...extra }) });
  const answer = (response: SearchResponse) => response.results.map((r) => ({ id: r.chunkId, distance: r.explanation.vectorDistance }));
  const first = (response: SearchResponse) => response.results[0] && { documentId: response.results[0].documentId, ordinal: response.results[0].ordinal };

  async function waiting(tenantId: string) {
    const [row] = await withSystem("test", (tx) =>
      queryRows<{ waiting: number; linked: number }>(
        tx,
        sql`select count(pending_embedding)::int as waiting, count(embedding)::int as linked from chunks where tenant_id = ${tenantId}`,
      ),
    );
    return row!;
  }

  beforeAll(async () => {
    handle = await open();
    const [user] = await handle.db.insert(users).values({ email: "linker@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Linked later", slug: "linked-later" }).returning();
    actor = { tenantId: tenant!.id, role: "member", userId: user!.id };
    documentId = await addDocument(actor, "policy.txt", TEXTS);
  });

  afterAll(() => handle?.close());

  it("searches new chunks exactly before they are linked, and gives the same answer after", async () => {
    expect(await waiting(actor.tenantId)).toEqual({ waiting: TEXTS.length, linked: 0 });
    const semantic = await run("retention policy for invoices", { mode: "semantic", topK: 5 });
    const hybrid = await run("retention policy for invoices", { mode: "hybrid", topK: 5 });
    const filtered = await run("retention policy for invoices", { mode: "semantic", topK: 5, documentIds: [documentId] });
    expect(first(semantic)).toEqual({ documentId, ordinal: 0 });
    expect(semantic.results).toHaveLength(5);
    // Each chunk once, never from both the graph walk and the waiting chunks; all of them when k is larger.
    const all = await run("retention policy for invoices", { mode: "semantic", topK: 50 });
    expect(all.results).toHaveLength(TEXTS.length);
    expect(new Set(all.results.map((r) => r.chunkId)).size).toBe(TEXTS.length);
    expect(all.results.every((r) => r.explanation.vectorDistance !== null)).toBe(true);
    expect(first(hybrid)).toEqual({ documentId, ordinal: 0 });
    expect(hybrid.results[0]!.explanation.vectorDistance).toBeCloseTo(semantic.results[0]!.explanation.vectorDistance!, 6);
    expect(answer(filtered)).toEqual(answer(semantic));

    await linkAllVectors();
    expect(await waiting(actor.tenantId)).toEqual({ waiting: 0, linked: TEXTS.length });
    expect(answer(await run("retention policy for invoices", { mode: "semantic", topK: 5 }))).toEqual(answer(semantic));
    expect(answer(await run("retention policy for invoices", { mode: "hybrid", topK: 5 }))).toEqual(answer(hybrid));
  });

  it("links a slice at a time, only over a backlog when asked to, and says when nothing waits", async () => {
    const other = await addDocument(actor, "more.txt", TEXTS.map((t) => `${t} Again.`));
    expect(await countWaitingVectors(1_000)).toBe(TEXTS.length);
    expect(await linkNextVectors({ whenOver: TEXTS.length })).toBe(false);
    expect(await countWaitingVectors(1_000)).toBe(TEXTS.length);
    expect(await linkNextVectors({ whenOver: TEXTS.length - 1 })).toBe(true);
    expect(await countWaitingVectors(1_000)).toBe(TEXTS.length - LINK_SLICE);
    // The count is capped: a backlog of millions is never counted whole.
    expect(await countWaitingVectors(2)).toBe(2);
    while (await linkNextVectors());
    expect(await countWaitingVectors(1_000)).toBe(0);
    expect(await linkNextVectors()).toBe(false);
    const [stored] = await withSystem("test", (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from chunks where document_id = ${other} and embedding is not null and pending_embedding is null`),
    );
    expect(stored!.n).toBe(TEXTS.length);
  });

  it("vacuums what linking left once nothing waits, skipping a workspace deleted meanwhile", async () => {
    const errors = vi.spyOn(console, "error");
    const [gone] = await handle.db.insert(tenants).values({ name: "Gone", slug: "gone" }).returning();
    const goner: Actor = { tenantId: gone!.id, role: "owner" };
    await addDocument(goner, "gone.txt", TEXTS.slice(0, 3));
    await addDocument(actor, "last.txt", TEXTS.slice(0, 3));
    expect(await linkNextVectors()).toBe(true);
    await handle.db.delete(tenants).where(sql`id = ${gone!.id}`);
    expect(await linkNextVectors()).toBe(false);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    if (!handle.embedded) return;
    // The live workspace's partition, where linking left old row versions, was vacuumed.
    await queryRows(handle.db, sql`select pg_stat_force_next_flush()`);
    const [partition] = await queryRows<{ vacuumed: boolean }>(
      handle.db,
      sql`select last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = chunk_partition_name(${actor.tenantId}::uuid)`,
    );
    expect(partition).toEqual({ vacuumed: true });
  });
});
