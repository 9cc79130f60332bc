import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from "@/lib/search/highlight";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { listChunks } from "./documents-service";

// The document page's chunks, marked with the words of the search that linked there (#20 item 4).
describe("listChunks with a search to highlight", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  let documentId: string;
  const texts = [
    "The governors met in Owerri.\n\n<b>Not a tag</b> & the governor's   spacing stays.",
    "Nothing relevant here.",
    `${"A long passage about rivers. ".repeat(200)}Governing ends it.`,
  ];

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "H", slug: "h" }).returning();
    actor = { tenantId: tenant!.id, role: "viewer" };
    await withTenant(actor, async (tx) => {
      const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename: "notes.md", mimeType: "text/markdown", fileSize: 1, sha256: "h".repeat(64), storageKey: "notes.md", status: "completed" }).returning();
      documentId = doc!.id;
      await tx.insert(chunks).values(texts.map((content, ordinal) => ({ documentId, tenantId: actor.tenantId, ordinal, content, tokenCount: 5 })));
    });
  });

  afterAll(() => handle?.close());

  it("marks the query's words as the snippets do (stemmed, any case), keeps the content exact, and leaves other chunks unmarked", async () => {
    const page = await listChunks({ actor, documentId, highlight: "Governor -rivers", page: 1, pageSize: 20 });
    expect(page.chunks.map((c) => c.content)).toEqual(texts);
    const [first, second, third] = page.chunks;
    expect(first!.highlighted).toBe(`The ${S}governors${E} met in Owerri.\n\n<b>Not a tag</b> & the ${S}governor${E}'s   spacing stays.`);
    expect(second!.highlighted).toBeNull();
    // "Governing" stems differently in English ("govern"), so, like the snippets, it is not marked.
    expect(third!.highlighted).toBeNull();
  });

  it("marks nothing without a search, or for a query of stop words only, and combines with the in-document filter", async () => {
    expect((await listChunks({ actor, documentId, page: 1, pageSize: 20 })).chunks.every((c) => c.highlighted === null)).toBe(true);
    expect((await listChunks({ actor, documentId, highlight: "the of", page: 1, pageSize: 20 })).chunks.every((c) => c.highlighted === null)).toBe(true);
    const filtered = await listChunks({ actor, documentId, q: "owerri", highlight: "governor", page: 1, pageSize: 20 });
    expect(filtered.total).toBe(1);
    expect(filtered.chunks[0]!.highlighted).toContain(`${S}governors${E}`);
  });
});
