import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { queryRows } from "@/db/connect";
import { withSystem } from "@/lib/tenancy/with-tenant";

/**
 * PGlite has no autovacuum, so nothing ever analyzes its tables: the planner then guesses one row
 * per table and starts retrieval from the documents instead of the GIN or HNSW index (hundreds of
 * milliseconds instead of tens). Like autovacuum's rule, the tables search reads are analyzed once
 * the number of chunks moved by more than 50 + 10% from what the planner believes. The exact count
 * comes from the BM25 corpus statistics, so the check costs two lookups. A PostgreSQL server's own
 * autovacuum does this there, so the check runs only on the embedded database.
 */
export async function refreshPlannerStatistics(): Promise<boolean> {
  const { db, embedded } = await getDatabase();
  if (!embedded) return false;
  const [row] = await withSystem("compare the planner's chunk estimate with the corpus statistics", (tx) =>
    queryRows<{ estimated: number; actual: number }>(
      tx,
      sql`select (select reltuples from pg_class where oid = 'chunks'::regclass)::float8 as estimated,
                 (select coalesce(sum(chunks), 0) from chunk_corpus_stats)::float8 as actual`,
    ),
  );
  const estimated = Number(row!.estimated);
  const actual = Number(row!.actual);
  if (estimated >= 0 && Math.abs(actual - estimated) <= 50 + 0.1 * actual) return false;
  // As the connecting role, which owns the tables; the application roles may not analyze them.
  await db.execute(sql`analyze chunks, documents, chunk_lexeme_stats, chunk_corpus_stats`);
  return true;
}
