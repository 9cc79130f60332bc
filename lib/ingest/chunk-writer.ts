import type { Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type { DriverName, Transaction } from "@/db/connect";
import { chunks, type ChunkMetadata } from "@/db/schema";
import { profiled } from "./ingest-profile";
import type { AnalysedText } from "./text-analysis";

/**
 * One chunk row as the ingest path writes it. Its vector goes in as pending (linked into the graph
 * later, lib/search/vector-links); `lexeme_count`, and `tsv` when not given, come from the row trigger.
 */
export interface ChunkRow {
  documentId: string;
  tenantId: string;
  ordinal: number;
  content: string;
  tokenCount: number;
  /** A text search configuration's name ('english', 'simple' ...). */
  textConfig: string;
  embedding: number[] | null;
  embeddingModel: string | null;
  metadata: ChunkMetadata;
  /** to_tsvector(textConfig, content) and its word count, made off the database's thread (text-analysis.ts); embedded engine only. */
  analysed?: AnalysedText;
}

/** PostgreSQL refuses a statement with more bind parameters than this (a 16-bit count in the protocol). */
export const MAX_BIND_PARAMETERS = 65_535;
const COLUMNS = ["document_id", "tenant_id", "ordinal", "content", "token_count", "text_config", "pending_embedding", "embedding_model", "metadata", "tsv", "lexeme_count"] as const;
/** Rows per INSERT on the parameter path: the most that stay under the limit, capped so one statement stays a few MB. */
export const ROWS_PER_INSERT = Math.min(2_000, Math.floor(MAX_BIND_PARAMETERS / COLUMNS.length));

/**
 * Writes chunk rows inside the caller's transaction (withTenant: row level security checks every row
 * and the BM25 statistics trigger runs once per statement, as before), in multi-row INSERTs of at
 * most ROWS_PER_INSERT rows, under PostgreSQL's 65,535-parameter limit. How vectors travel depends
 * on the driver:
 *
 * - Embedded PGlite: as binary parameters (pgvector's binary form, float4 bytes; a tsvector from the
 *   text analysis thread as tsvectorsend made it, so the engine neither analyses nor parses). Its text form costs
 *   about 1 ms per 384-d vector to parse inside WASM (musl's strtof on soft-float long doubles); the
 *   binary form is a copy. (COPY FROM '/dev/blob' would be the other way in, but COPY from a file
 *   needs pg_read_server_files and PostgreSQL refuses COPY FROM into a table with row level security,
 *   so it would need a superuser step inside the tenant's transaction; parameters need neither.)
 * - postgres.js (a PostgreSQL server, or PGlite behind pglite-socket): as text, through Drizzle.
 *   postgres.js sends every parameter as text, and COPY FROM STDIN does not survive pglite-socket
 *   (electric-sql/pglite#1028); a native server parses the text form quickly.
 */
export async function insertChunks(tx: Transaction, driver: DriverName, rows: ChunkRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (driver === "pglite") {
    const client = pgliteClient(tx);
    const oids = await profiled("look up the vector and tsvector types", async () => (await client.query<{ vector: number; tsvector: number }>("select 'vector'::regtype::oid as vector, 'tsvector'::regtype::oid as tsvector")).rows[0]!);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const batch = rows.slice(i, i + ROWS_PER_INSERT);
      await profiled("insert chunks (binary vectors and tsvectors; triggers, indexes)", () =>
        client.query(insertStatement(batch.length), batch.flatMap(pgliteParameters), {
          // Vectors and tsvectors go as they are (bytes: binary format); every other value is already text.
          serializers: { [oids.vector]: (value: unknown) => value as string, [oids.tsvector]: (value: unknown) => value as string },
        }),
      );
    }
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await profiled("insert chunks (text parameters; triggers, indexes)", () =>
      tx.insert(chunks).values(rows.slice(i, i + ROWS_PER_INSERT).map(({ embedding, analysed: _analysed, ...row }) => ({ ...row, pendingEmbedding: embedding }))),
    );
  }
}

/** The PGlite transaction under a Drizzle transaction, for what Drizzle cannot say (binary parameters). */
function pgliteClient(tx: Transaction): PGliteTransaction {
  return (tx as unknown as { session: { client: PGliteTransaction } }).session.client;
}

const statements = new Map<number, string>();

/** `insert into chunks (...) values ($1, ..., $9), ...` for `n` rows; each value's type is its column's. */
function insertStatement(n: number): string {
  let text = statements.get(n);
  if (!text) {
    const tuples = Array.from({ length: n }, (_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(", ")})`);
    text = `insert into chunks (${COLUMNS.join(", ")}) values ${tuples.join(", ")}`;
    if (statements.size < 64) statements.set(n, text);
  }
  return text;
}

/** One row's parameters in COLUMNS order, as Drizzle would send them, but the vector in binary. */
function pgliteParameters(r: ChunkRow): (string | Uint8Array | null)[] {
  return [
    r.documentId,
    r.tenantId,
    String(r.ordinal),
    r.content,
    String(r.tokenCount),
    r.textConfig,
    r.embedding === null ? null : encodeVector(r.embedding),
    r.embeddingModel,
    JSON.stringify(r.metadata),
    r.analysed?.tsv ?? null,
    String(r.analysed?.lexemeCount ?? 0),
  ];
}

/**
 * pgvector's binary form (vector_recv): int16 dimensions, int16 unused (0), then float4 values, all
 * big-endian. A double rounds to the same float4 as the text form's shortest decimal does (they
 * could part only for a double exactly halfway between two float4s); -0 becomes 0, as the JSON text
 * form writes it. The tests compare stored vectors with the text path's.
 */
export function encodeVector(values: number[]): Uint8Array {
  const out = Buffer.alloc(4 + 4 * values.length);
  out.writeInt16BE(values.length, 0);
  out.writeInt16BE(0, 2);
  for (let i = 0; i < values.length; i++) out.writeFloatBE(values[i] === 0 ? 0 : values[i]!, 4 + 4 * i);
  return out;
}
