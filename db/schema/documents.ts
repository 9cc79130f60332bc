import { sql, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  vector,
} from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";
import { tenantRef, users } from "./identity";

/** Dimension of every stored embedding; a model of another size needs a migration and a re-index. */
export const EMBEDDING_DIMENSIONS = 384;

export const documentStatusEnum = pgEnum("document_status", [
  "pending",
  "processing",
  "completed",
  "failed",
]);
export type DocumentStatus = (typeof documentStatusEnum.enumValues)[number];

export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    filename: text().notNull(),
    mimeType: text().notNull(),
    fileSize: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    status: documentStatusEnum().notNull().default("pending"),
    storageKey: text().notNull().unique(),
    errorMessage: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    chunkCount: integer().notNull().default(0),
    attempts: integer().notNull().default(0),
    lockedAt: timestamp({ withTimezone: true }),
    ...timestamps,
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // One copy of the same content per tenant: re-uploads point at the existing document.
    unique().on(t.tenantId, t.sha256),
    index().on(t.tenantId, t.createdAt),
    // The worker's claim query scans this.
    index().on(t.status, t.lockedAt),
  ],
);
export type Document = InferSelectModel<typeof documents>;
export type NewDocument = InferInsertModel<typeof documents>;

/**
 * Idempotency-Keys of uploads (public API), each bound to the document its upload made or found:
 * a key first sent with a duplicate is bound too, so reusing it for other content is refused.
 */
export const uploadKeys = pgTable(
  "upload_keys",
  {
    tenantId: tenantRef(),
    key: text().notNull(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index().on(t.documentId)],
);

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** A PostgreSQL text search configuration's name ('english', 'simple', 'german' ...). */
const regconfig = customType<{ data: string }>({ dataType: () => "regconfig" });

export interface ChunkMetadata {
  page?: number;
  pageEnd?: number;
  /** Subtitle cue (or CSV row) numbers, and the cues' timing in milliseconds. */
  cue?: number;
  cueEnd?: number;
  startMs?: number;
  endMs?: number;
  /** Character offsets in the document's extracted text. */
  startOffset?: number;
  endOffset?: number;
  heading?: string;
  /** Where in a Word document the text sits, when not in the body (a chunk holds one part). */
  part?: DocumentPart;
  /** Text read by OCR: the lowest confidence (0-100) among the chunk's blocks. */
  ocrConfidence?: number;
  /** Names of the filled PDF form fields the chunk holds. */
  formFields?: string[];
}

/** The parts of a Word document indexed besides its body. */
export type DocumentPart = "header" | "footer" | "footnote" | "endnote" | "comment" | "textbox";

export const chunks = pgTable(
  "chunks",
  {
    id: uuid().notNull().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    tenantId: tenantRef(),
    ordinal: integer().notNull(),
    content: text().notNull(),
    tokenCount: integer().notNull(),
    /** The vector in the workspace's HNSW graph; null until the worker links the chunk (pendingEmbedding). */
    embedding: vector({ dimensions: EMBEDDING_DIMENSIONS }),
    /**
     * A new chunk's vector until the idle worker moves it into `embedding` (lib/search/vector-links):
     * linking a vector into the graph costs the embedded engine ~5 ms, so ingestion leaves it for
     * later, and search reads these chunks exactly meanwhile (retrieve.ts). At most one of the two is set.
     */
    pendingEmbedding: vector({ dimensions: EMBEDDING_DIMENSIONS }),
    embeddingModel: text(),
    /** The workspace's text search configuration when the chunk was indexed. */
    textConfig: regconfig().notNull().default(sql`'english'::regconfig`),
    /** to_tsvector(text_config, content): by a trigger (migration 0014), or on insert by the ingest thread's own PGlite (0024). */
    tsv: tsvector(),
    /** Words indexed in tsv (lexeme occurrences): the document length in BM25. Set with tsv. */
    lexemeCount: integer().notNull().default(0),
    metadata: jsonb().$type<ChunkMetadata>().notNull().default({}),
    createdAt: createdAt(),
  },
  // List-partitioned by tenant (migration 0020, which drizzle-kit cannot express): one partition,
  // so one HNSW graph, per workspace. Every unique key holds the partition key, last, so lookups by
  // id or by document still use them.
  (t) => [
    primaryKey({ columns: [t.id, t.tenantId] }),
    unique().on(t.documentId, t.ordinal, t.tenantId),
    index("chunks_embedding_hnsw_idx")
      .using("hnsw", t.embedding.op("vector_cosine_ops"))
      .with({ m: 16, ef_construction: 64 }),
    index("chunks_tsv_gin_idx").using("gin", t.tsv),
    index("chunks_pending_embedding_idx").on(t.documentId).where(sql`${t.pendingEmbedding} is not null`),
  ],
);
export type Chunk = InferSelectModel<typeof chunks>;
export type NewChunk = InferInsertModel<typeof chunks>;
