import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { auditLog, chunks, documents, tenants, users } from "@/db/schema";
import { getProcessingStatus } from "@/lib/documents/processing-settings";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { search } from "./search-service";
import { reindexNextBatch, updateTextLanguage } from "./text-language";
import { searchInputSchema } from "./types";

const embedder = new HashingEmbedder(384);

describe("a workspace's text language", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  let other: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "lang@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Lang", slug: "lang" }, { name: "Keep", slug: "keep" }]).returning();
    [actor, other] = made.map((t): Actor => ({ tenantId: t.id, role: "admin", userId: user!.id })) as [Actor, Actor];
    for (const a of [actor, other]) {
      await withTenant(a, async (tx) => {
        const [doc] = await tx.insert(documents).values({ tenantId: a.tenantId, filename: "f.txt", mimeType: "text/plain", fileSize: 1, sha256: a.tenantId.replace(/-/g, "").padEnd(64, "0"), storageKey: `lang/${a.tenantId}`, status: "completed" }).returning();
        await tx.insert(chunks).values(["The apples were running.", "An apple runs."].map((content, ordinal) => ({ documentId: doc!.id, tenantId: a.tenantId, ordinal, content, tokenCount: 4, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
      });
    }
  });

  afterAll(() => handle?.close());

  const found = async (a: Actor, query: string) => (await search({ actor: a, input: searchInputSchema.parse({ query, mode: "fulltext" }) })).results.length;

  it("re-indexes the workspace's chunks in the background, keeps the statistics exact and queries in the new language", async () => {
    expect(await found(actor, "apple")).toBe(2);
    await updateTextLanguage({ actor, textConfig: "simple" });
    expect(await getProcessingStatus({ actor })).toMatchObject({ textConfig: "simple", pendingTextChunks: 2, totalChunks: 2 });
    while (await reindexNextBatch()) {
      // one batch per call, as the worker's idle lanes run it
    }
    expect(await getProcessingStatus({ actor })).toMatchObject({ textConfig: "simple", pendingTextChunks: 0 });
    // 'simple' does not stem: "apple" now finds only the chunk with that exact word.
    expect(await found(actor, "apple")).toBe(1);
    expect(await found(actor, "apples")).toBe(1);
    expect(await found(other, "apple")).toBe(2);

    const [mismatch] = await withSystem("test", (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from (
              (select tenant_id, lexeme, count(*)::int as chunks from chunks, unnest(tsv) u group by 1, 2
               except select tenant_id, lexeme, chunks from chunk_lexeme_stats)
              union all
              (select tenant_id, lexeme, chunks from chunk_lexeme_stats
               except select tenant_id, lexeme, count(*)::int from chunks, unnest(tsv) u group by 1, 2)) d`,
      ),
    );
    expect(mismatch!.n).toBe(0);
    const [entry] = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, actor.tenantId), eq(auditLog.action, "tenant.text_language_changed"))));
    expect(entry!.details).toMatchObject({ before: { textConfig: "english" }, after: { textConfig: "simple" } });
  });
});
