import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { createTestDatabase } from "@/lib/testing/test-database";

// Migration 0021: a chunk's embedding stays in its row (not in the TOAST table), so an exact scan
// or the fusion's distances read one heap tuple per chunk instead of two.

const TENANT = "33333333-3333-4333-8333-333333333333";

function embedding(seed: number): number[] {
  return Array.from({ length: 384 }, (_, i) => Math.sin(seed * 31 + i) / 10);
}

/** A chunk row as ingestion writes it: ~600 characters of text, its tsvector, a 384-float embedding. */
async function insertChunk(handle: DatabaseHandle, documentId: string, ordinal: number, content: string): Promise<void> {
  await handle.db.execute(
    sql`insert into chunks (document_id, tenant_id, ordinal, content, token_count, embedding, embedding_model)
        values (${documentId}, ${TENANT}, ${ordinal}, ${content}, 0, ${JSON.stringify(embedding(ordinal))}::vector, 'test-model')`,
  );
}

describe("chunk rows keep their embedding inline", () => {
  let handle: DatabaseHandle;
  let partition: string;
  let documentId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.execute(sql`insert into tenants (id, name, slug) values (${TENANT}, 'Inline', 'inline')`);
    const [doc] = await queryRows<{ id: string }>(
      handle.db,
      sql`insert into documents (tenant_id, filename, mime_type, file_size, sha256, storage_key, status)
          values (${TENANT}, 'a.txt', 'text/plain', 1, ${"a".repeat(64)}, 'inline/a', 'completed') returning id`,
    );
    documentId = doc!.id;
    [{ rel: partition }] = (await queryRows<{ rel: string }>(handle.db, sql`select chunk_partition_name(${TENANT}::uuid) as rel`)) as [{ rel: string }];
  });

  afterAll(() => handle.close());

  it("gives a new workspace's partition a page-sized toast target and the embedding MAIN storage", async () => {
    const [row] = await queryRows<{ options: string[] | null; storage: string }>(
      handle.db,
      sql`select c.reloptions as options, a.attstorage as storage from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'embedding'
          where c.oid = ${partition}::regclass`,
    );
    expect(row!.options).toContain("toast_tuple_target=8160");
    expect(row!.storage).toBe("m");
  });

  it("stores ordinary chunks, over 2 kB each with text and tsvector, without touching the TOAST table", async () => {
    const sentence = "The harbour master signed the manifest and the cargo left at dawn for the northern islands. ";
    for (let i = 0; i < 20; i++) await insertChunk(handle, documentId, i, sentence.repeat(7));
    const [sizes] = await queryRows<{ row: number; toast: number }>(
      handle.db,
      sql`select (select avg(pg_column_size(c.*))::int from chunks c where c.tenant_id = ${TENANT}) as row,
                 pg_relation_size((select reltoastrelid from pg_class where oid = ${partition}::regclass))::int as toast`,
    );
    expect(sizes!.row).toBeGreaterThan(2100);
    expect(sizes!.toast).toBe(0);
  });

  it("still takes a chunk larger than a page, and reads its embedding back unchanged", async () => {
    const words = Array.from({ length: 4000 }, (_, i) => `word${i}`).join(" ");
    await insertChunk(handle, documentId, 100, words);
    const [back] = await queryRows<{ embedding: string; length: number }>(
      handle.db,
      sql`select embedding::text as embedding, length(content) as length from chunks where tenant_id = ${TENANT} and ordinal = 100`,
    );
    expect(back!.length).toBe(words.length);
    const stored = JSON.parse(back!.embedding) as number[];
    expect(stored).toHaveLength(384);
    stored.forEach((x, i) => expect(x).toBeCloseTo(embedding(100)[i]!, 6));
  });
});
