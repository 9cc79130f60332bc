import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { queryRows } from "@/db/connect";

/**
 * Ways to answer the tenant-filtered semantic top-k from pgvector 0.8, for `npm run bench --
 * search-variants`. Each is one statement inside withTenant, after transaction-local settings, and
 * returns `{ id, distance }` with the exact cosine distance, so recall compares like with like.
 */

export interface VectorQuery {
  tenantId: string;
  /** The words the vector came from (today's whole statement highlights them in snippets). */
  text: string;
  vector: number[];
  model: string;
  k: number;
}

/** Something a variant reads besides the table: built once, timed, its size reported. */
export interface Structure {
  name: string;
  build(db: Executor): Promise<void>;
  /** Bytes of the index (for partitions, of every partition's index). */
  size(db: Executor): Promise<number>;
}

export interface Variant {
  name: string;
  structure?: Structure;
  /** Transaction-local settings, as `prepareRetrieval` sets hnsw.ef_search and iterative_scan. */
  settings: Record<string, string>;
  statement(q: VectorQuery): SQL;
}

const HNSW = sql.raw("with (m = 16, ef_construction = 64)");

/** Candidates today's statement takes from the index before ordering (retrieve.ts, candidateCount). */
export const CANDIDATES = 50;

const literal = (v: number[]) => sql`${JSON.stringify(v)}::vector`;

/** The chunks the tenant may search: the same filters as retrieve.ts's semantic part. */
function searchable(q: VectorQuery): SQL {
  return sql`chunks c join documents d on d.id = c.document_id
    where c.tenant_id = ${q.tenantId} and d.status = 'completed' and c.embedding_model = ${q.model}`;
}

/**
 * The top k by exact distance among `fetch` candidates that the index orders by `indexOrder` (the
 * same expression as the index, or the planner cannot use it). As pgvector's README does for
 * relaxed_order: the candidates materialised, and `+ 0` so the final sort does not trust the index's
 * order (an incremental sort on it would stop reading at k + 1 rows, leaving most candidates unread).
 */
function candidatesThenExact(q: VectorQuery, indexOrder: SQL, fetch: number, gate: SQL = sql``): SQL {
  return sql`with nearest as materialized (
      select c.id, c.embedding <=> ${literal(q.vector)} as distance from ${searchable(q)} ${gate}
      order by ${indexOrder} limit ${fetch})
    select id, distance from nearest order by distance + 0, id limit ${q.k}`;
}

/** Every one of the tenant's rows, distance computed for each: `offset 0` keeps the ORDER BY off any vector index. */
export function exactStatement(q: VectorQuery, gate: SQL = sql``): SQL {
  return sql`select id, distance from (
      select c.id, c.embedding <=> ${literal(q.vector)} as distance from ${searchable(q)} ${gate} offset 0) every_row
    order by distance, id limit ${q.k}`;
}

async function indexBytes(db: Executor, name: string): Promise<number> {
  // A partitioned index has no storage of its own; its partitions' indexes do.
  const [row] = await queryRows<{ bytes: string }>(
    db,
    sql`select greatest(pg_relation_size(${name}::regclass), (select coalesce(sum(pg_relation_size(relid)), 0) from pg_partition_tree(${name}::regclass)))::bigint as bytes`,
  );
  return Number(row!.bytes);
}

function hnswIndex(name: string, definition: string): Structure {
  return {
    name,
    build: (db) => db.execute(sql`create index ${sql.identifier(name)} on ${sql.raw(definition)} ${HNSW}`).then(() => undefined),
    size: (db) => indexBytes(db, name),
  };
}

/** The shipped index: declared on chunks, so one HNSW graph per tenant's partition (migration 0020). */
export const fullIndex = hnswIndex("chunks_embedding_hnsw_idx", "chunks using hnsw (embedding vector_cosine_ops)");
/** pgvector's half-precision indexing: an expression index, the table keeps full vectors for the re-rank. */
export const halfIndex = hnswIndex("chunks_embedding_half_hnsw_idx", "chunks using hnsw ((embedding::halfvec(384)) halfvec_cosine_ops)");
/** One bit per dimension (the sign), compared by Hamming distance. */
export const binaryIndex = hnswIndex("chunks_embedding_bit_hnsw_idx", "chunks using hnsw ((binary_quantize(embedding)::bit(384)) bit_hamming_ops)");

const ITERATIVE = "hnsw.iterative_scan";
/** What prepareRetrieval sets for k = 10 (retrieve.ts). */
export const TODAY = { "hnsw.ef_search": "100", [ITERATIVE]: "relaxed_order" };
/** Plan settings that leave the planner only the vector index (and the tenant index for the exact branch). */
const NO_SCANS = { enable_seqscan: "off", enable_bitmapscan: "off" };

const fullOrder = (q: VectorQuery) => sql`c.embedding <=> ${literal(q.vector)}`;

function fullHnsw(name: string, settings: Record<string, string>): Variant {
  return { name, structure: fullIndex, settings, statement: (q) => candidatesThenExact(q, fullOrder(q), CANDIDATES) };
}

/**
 * Exact for tenants below `threshold` chunks (the count the BM25 statistics keep per tenant), the
 * HNSW otherwise, in one statement: each branch carries a one-time filter on the count, so only one
 * runs. With sequential and bitmap scans off, the exact branch reads the tenant's rows through the
 * tenant index and the other branch can only take the HNSW.
 */
export function exactBelow(threshold: number, hnswSettings: Record<string, string>): Variant {
  return {
    name: `(c) exact below ${threshold} chunks, else HNSW ${describe(hnswSettings)}`,
    structure: fullIndex,
    settings: { ...hnswSettings, ...NO_SCANS },
    statement: (q) => {
      const size = sql`(select coalesce(max(chunks), 0) from chunk_corpus_stats where tenant_id = ${q.tenantId})`;
      return sql`select id, distance from (
        (${exactStatement(q, sql`and ${size} < ${threshold}`)})
        union all
        (${candidatesThenExact(q, fullOrder(q), CANDIDATES, sql`and ${size} >= ${threshold}`)})) either
      order by distance + 0, id limit ${q.k}`;
    },
  };
}

export function describe(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k.replace(/^hnsw\./, "")}=${v}`)
    .join(" ");
}

/** The variants measured side by side; `exact` is also the truth recall is measured against. */
export const exact: Variant = { name: "(c) exact, tenant rows only", settings: { enable_seqscan: "off", enable_bitmapscan: "off" }, statement: (q) => exactStatement(q) };

export function phaseOneVariants(): Variant[] {
  const strict = { [ITERATIVE]: "strict_order" };
  return [
    fullHnsw("(a) today: planner's choice, relaxed_order ef_search=100", TODAY),
    fullHnsw("(b) HNSW forced, relaxed_order ef_search=100", { ...TODAY, ...NO_SCANS }),
    fullHnsw("(b) HNSW forced, strict_order ef_search=100", { ...TODAY, ...strict, ...NO_SCANS }),
    fullHnsw("(b) HNSW forced, strict_order ef_search=400", { ...TODAY, ...strict, "hnsw.ef_search": "400", ...NO_SCANS }),
    fullHnsw("(b) HNSW forced, relaxed_order ef_search=1000", { ...TODAY, "hnsw.ef_search": "1000", ...NO_SCANS }),
    fullHnsw("(b) HNSW forced, relaxed_order ef_search=400 max_scan_tuples=100000", {
      ...TODAY,
      "hnsw.ef_search": "400",
      "hnsw.max_scan_tuples": "100000",
      ...NO_SCANS,
    }),
    exact,
    {
      name: "(d) halfvec HNSW, relaxed_order ef_search=100, exact re-rank",
      structure: halfIndex,
      settings: { ...TODAY, ...NO_SCANS },
      statement: (q) => candidatesThenExact(q, sql`c.embedding::halfvec(384) <=> ${literal(q.vector)}::halfvec(384)`, CANDIDATES),
    },
    ...[4, 10].map((times) => ({
      name: `(e) binary HNSW, ${times}x k by Hamming, exact re-rank`,
      structure: binaryIndex,
      settings: { ...TODAY, ...NO_SCANS },
      statement: (q: VectorQuery) =>
        candidatesThenExact(q, sql`binary_quantize(c.embedding)::bit(384) <~> binary_quantize(${literal(q.vector)})`, times * q.k),
    })),
    ...[{ ...TODAY, ...strict }, { ...TODAY, "hnsw.ef_search": "400" }].map((settings) => fullHnsw(`(f) ${describe(settings)}`, settings)),
  ];
}

/** Applies a variant's settings for the rest of the transaction. */
export async function applySettings(tx: Executor, settings: Record<string, string>): Promise<void> {
  const calls = Object.entries(settings).map(([k, v]) => sql`set_config(${k}, ${v}, true)`);
  if (calls.length) await tx.execute(sql`select ${sql.join(calls, sql`, `)}`);
}
