import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./connect";

// Migration 0020 moves existing chunks into a table partitioned by tenant: an upgrade, not only a
// fresh install, must keep every row, its text index and the BM25 statistics as they were.

const PARTITIONING = "0020_chunks_partitioned_by_tenant";

/** The migrations folder as it was before partitioning: the same files, the journal cut before 0020. */
async function foldersBeforeAndAfter(dir: string): Promise<string> {
  const before = path.join(dir, "before");
  await cp(MIGRATIONS_FOLDER, before, { recursive: true });
  const journalPath = path.join(before, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === PARTITIONING);
  expect(cut, "migration 0020 in the journal").toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  await writeFile(journalPath, JSON.stringify(journal));
  return before;
}

const RECOUNT = `select tenant_id::text, count(*)::int as chunks, sum(lexeme_count)::int as lexemes from chunks group by 1 order by 1`;
const STORED = `select tenant_id::text, chunks::int, lexemes::int from chunk_corpus_stats order by 1`;
const LEXEMES = `select tenant_id::text, lexeme, chunks from chunk_lexeme_stats order by 1, 2`;
const LEXEME_RECOUNT = `select c.tenant_id::text, u.lexeme, count(*)::int as chunks from chunks c, unnest(c.tsv) u group by 1, 2 order by 1, 2`;

describe("migration 0020 on a database that already holds chunks", () => {
  let dir: string;
  let pglite: PGlite;
  const tenants = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
  let before: { rows: unknown[]; stored: unknown[]; lexemes: unknown[] };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-partition-migration-"));
    pglite = await PGlite.create({ extensions: { vector } });
    const db = drizzle({ client: pglite });
    await migrate(db, { migrationsFolder: await foldersBeforeAndAfter(dir) });
    for (const [i, id] of tenants.entries()) {
      await pglite.query(`insert into tenants (id, name, slug) values ($1, $2, $3)`, [id, `T${i}`, `t-${i}`]);
      const { rows } = await pglite.query<{ id: string }>(
        `insert into documents (tenant_id, filename, mime_type, file_size, sha256, storage_key, status)
         values ($1, 'a.txt', 'text/plain', 1, $2, $3, 'completed') returning id`,
        [id, String(i).repeat(64), `k/${i}`],
      );
      await pglite.query(
        `insert into chunks (document_id, tenant_id, ordinal, content, token_count, embedding)
         select $1, $2, g, 'archive retention schedule number ' || g || case when g % 2 = 0 then ' quarterly' else ' yearly' end, 5,
                array_fill((g % 7 + 1)::real, array[384])::vector
         from generate_series(0, 24) g`,
        [rows[0]!.id, id],
      );
    }
    before = {
      rows: (await pglite.query(`select id, tenant_id, document_id, ordinal, content, tsv::text, lexeme_count, embedding::text from chunks order by id`)).rows,
      stored: (await pglite.query(STORED)).rows,
      lexemes: (await pglite.query(LEXEMES)).rows,
    };
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }, 120_000);

  afterAll(async () => {
    await pglite?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps every chunk as it was, each in its workspace's partition", async () => {
    const after = await pglite.query(`select id, tenant_id, document_id, ordinal, content, tsv::text, lexeme_count, embedding::text from chunks order by id`);
    expect(after.rows).toEqual(before.rows);
    const { rows } = await pglite.query<{ partition: string; n: number }>(
      `select tableoid::regclass::text as partition, count(*)::int as n from chunks group by 1 order by 1`,
    );
    expect(rows).toEqual(tenants.map((t) => ({ partition: `chunks_${t.replaceAll("-", "")}`, n: 25 })));
  });

  it("keeps the BM25 statistics, and they still follow inserts and deletes", async () => {
    expect((await pglite.query(STORED)).rows).toEqual(before.stored);
    expect((await pglite.query(LEXEMES)).rows).toEqual(before.lexemes);
    await pglite.query(`delete from chunks where tenant_id = $1 and ordinal < 10`, [tenants[0]]);
    await pglite.query(
      `insert into chunks (document_id, tenant_id, ordinal, content, token_count)
       select document_id, tenant_id, 100, 'a brand new lexeme: zeppelin', 5 from chunks where tenant_id = $1 limit 1`,
      [tenants[1]],
    );
    expect((await pglite.query(STORED)).rows).toEqual((await pglite.query(RECOUNT)).rows);
    expect((await pglite.query(LEXEMES)).rows).toEqual((await pglite.query(LEXEME_RECOUNT)).rows);
  });

  it("indexes a new chunk's text with the row trigger, and leaves no copy of the old table", async () => {
    const { rows } = await pglite.query<{ tsv: string; n: number }>(`select tsv::text as tsv, lexeme_count as n from chunks where ordinal = 100`);
    expect(rows).toEqual([{ tsv: "'brand':2 'lexem':4 'new':3 'zeppelin':5", n: 4 }]);
    const { rows: left } = await pglite.query(`select relname from pg_class where relname like 'chunks_unpartitioned%'`);
    expect(left).toEqual([]);
  });
});
