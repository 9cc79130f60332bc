import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { IMAGE_KINDS, MIME_TYPES } from "@/lib/ingest/kinds";
import { getStorage } from "@/lib/storage";
import { actorCan, type Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { archiveFilePath, ENTRY, EXPORT_FORMAT, EXPORT_VERSION, type ExportCounts, type ExportManifest } from "./format";
import { streamZip, type ZipSink } from "./zip-writer";

const BATCH = 500;
const TEXT = { compressionLevel: 6 };
// Already deflated inside: compressing again costs time and saves nothing.
const PACKED_TYPES = new Set([MIME_TYPES.pdf, MIME_TYPES.docx, ...IMAGE_KINDS.map((kind) => MIME_TYPES[kind])]);

/**
 * One exported table: `t` is the table, `r` the exported columns under their file names. The lists
 * are explicit so a new column (a secret, a hash) never leaves by accident.
 */
interface Table {
  from: SQL;
  /** The unique tie-breaker after created_at in the keyset order. */
  key: SQL;
  /** Documents only: where the original lives; read to copy it, never written to the archive. */
  storageKey?: SQL;
}

const TABLES = {
  corrections: {
    from: sql`tenant_corrections t CROSS JOIN LATERAL (SELECT t.id, t.original_text, t.corrected_text, t.confidence, t.confidence_level, t.status, t.is_enabled,
      t.source, t.context, t.review_reason, t.reviewed_by, t.reviewed_at, t.usage_count, t.success_count, t.failure_count, t.last_applied_at, t.created_at, t.updated_at) r`,
    key: sql`t.id`,
  },
  glossary: {
    from: sql`tenant_context t CROSS JOIN LATERAL (SELECT t.id, t.entity_text, t.entity_type, t.authority_score, t.source_id, t.created_at, t.updated_at) r`,
    key: sql`t.id`,
  },
  evaluationRuns: {
    from: sql`evaluation_runs t CROSS JOIN LATERAL (SELECT t.id, t.user_id, t.api_key_id, t.query, t.mode, t.response, t.sources, t.result_count, t.latency_ms,
      t.token_count, t.quality_score, t.user_feedback, t.metadata, t.created_at) r`,
    key: sql`t.id`,
  },
  // users holds password hashes and flags that are not this workspace's business: name them, never `u.*`.
  members: {
    from: sql`memberships t JOIN users u ON u.id = t.user_id CROSS JOIN LATERAL (SELECT t.user_id, u.email, u.full_name AS name, t.role, t.created_at AS joined_at) r`,
    key: sql`t.user_id`,
  },
  documents: {
    from: sql`documents t CROSS JOIN LATERAL (SELECT t.id, t.filename, t.mime_type, t.file_size, t.sha256, t.status, t.error_message, t.metadata, t.chunk_count,
      t.user_id AS uploaded_by, t.created_at, t.updated_at, t.processed_at) r`,
    key: sql`t.id`,
    storageKey: sql`t.storage_key`,
  },
} satisfies Record<string, Table>;

type Cursor = { at: string; id: string };

type Row = {
  row: Record<string, unknown>;
  k_at: string;
  k_id: string;
  storage_key: string | null;
};

/**
 * The table's rows created up to `until`, in keyset-paged batches, each its own short transaction:
 * the export never holds a table in memory nor a transaction open while the client downloads.
 */
async function* pagesOf(actor: Actor, table: Table, until: string): AsyncGenerator<Row[]> {
  let after: Cursor | null = null;
  for (;;) {
    const cursor: Cursor | null = after;
    const rows: Row[] = await withTenant(actor, async (tx) => {
      // JSON timestamps then read the same (UTC) whatever the server's time zone, and so do the cursors.
      await tx.execute(sql`SET LOCAL TIME ZONE 'UTC'`);
      return queryRows<Row>(
        tx,
        sql`SELECT to_json(r) AS row, t.created_at::text AS k_at, ${table.key}::text AS k_id, ${table.storageKey ?? sql`NULL::text`} AS storage_key
          FROM ${table.from}
          WHERE t.tenant_id = ${actor.tenantId}::uuid AND t.created_at <= ${until}::timestamptz
            ${cursor ? sql`AND (t.created_at, ${table.key}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``}
          ORDER BY t.created_at, ${table.key} LIMIT ${BATCH}`,
      );
    });
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) return;
    after = { at: last.k_at, id: last.k_id };
  }
}

async function* ndjson(pages: AsyncIterable<Row[]>, toLine: (row: Row) => Promise<string> | string, counted: () => void): AsyncGenerator<Buffer> {
  for await (const rows of pages) {
    const lines: string[] = [];
    for (const row of rows) {
      lines.push(await toLine(row));
      counted();
    }
    yield Buffer.from(`${lines.join("\n")}\n`);
  }
}

type Snapshot = {
  until: string;
  exported_at: string;
  name: string;
  slug: string;
  corrections: number;
  glossary: number;
  evaluation_runs: number;
  members: number;
  documents: number;
  document_bytes: number;
};

async function writeExport(zip: ZipSink, { actor, snapshot, includeFiles }: { actor: Actor; snapshot: Snapshot; includeFiles: boolean }): Promise<void> {
  const counts: ExportCounts = { corrections: 0, glossary: 0, evaluation_runs: 0, members: 0, documents: 0, files: 0 };
  const storage = getStorage();
  const lines = (name: string, table: Table, count: keyof ExportCounts, toLine: (row: Row) => Promise<string> | string = (r) => JSON.stringify(r.row)) =>
    zip.add(name, TEXT, () => Readable.from(ndjson(pagesOf(actor, table, snapshot.until), toLine, () => counts[count]++), { objectMode: false }));
  const original = (r: Row) => ({ id: String(r.row.id), filename: String(r.row.filename), mimeType: String(r.row.mime_type), key: r.storage_key! });

  await lines(ENTRY.corrections, TABLES.corrections, "corrections");
  await lines(ENTRY.glossary, TABLES.glossary, "glossary");
  await lines(ENTRY.evaluationRuns, TABLES.evaluationRuns, "evaluation_runs");
  await lines(ENTRY.members, TABLES.members, "members");
  await lines(ENTRY.documents, TABLES.documents, "documents", async (r) => {
    const doc = original(r);
    // `file` is null when the original is left out or missing from storage, so no reader looks for it.
    const file = includeFiles && (await storage.exists(doc.key)) ? archiveFilePath(doc.id, doc.filename) : null;
    return JSON.stringify({ ...r.row, file });
  });
  if (includeFiles) {
    // A second pass rather than one list of all documents: memory stays one page whatever the count.
    for await (const rows of pagesOf(actor, TABLES.documents, snapshot.until)) {
      for (const r of rows) {
        const doc = original(r);
        if (!(await storage.exists(doc.key))) continue;
        await zip.add(archiveFilePath(doc.id, doc.filename), { compressionLevel: PACKED_TYPES.has(doc.mimeType) ? 1 : 6 }, () =>
          Readable.fromWeb(storage.getStream(doc.key) as NodeReadableStream<Uint8Array>),
        );
        counts.files++;
      }
    }
  }
  // Last, so its counts are what the archive really holds (rows may come and go during a long download).
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    tenant: { name: snapshot.name, slug: snapshot.slug },
    exported_at: snapshot.exported_at,
    exported_by: actor.email ?? null,
    includes_files: includeFiles,
    counts,
  };
  zip.addBuffer(ENTRY.manifest, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
}

/**
 * Starts an export of the workspace: documents' metadata (and originals unless `includeFiles` is
 * false), corrections, glossary, evaluation runs and members, as a zip of NDJSON files and
 * originals, streamed. The audit entry is written before the first byte, with the counts at that
 * moment: a download that is cut off has still taken data out.
 */
export async function startTenantExport({ actor, includeFiles, ip }: { actor: Actor; includeFiles: boolean; ip?: string }): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  if (!actorCan(actor, "tenant:export")) throw new AppError("forbidden:scope", "Only owners can export the workspace's data.");
  const snapshot = await withTenant(actor, async (tx) => {
    await tx.execute(sql`SET LOCAL TIME ZONE 'UTC'`);
    const [row] = await queryRows<Snapshot>(
      tx,
      sql`SELECT now()::text AS until, to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS exported_at, t.name, t.slug,
          (SELECT count(*) FROM tenant_corrections WHERE tenant_id = t.id)::int AS corrections,
          (SELECT count(*) FROM tenant_context WHERE tenant_id = t.id)::int AS glossary,
          (SELECT count(*) FROM evaluation_runs WHERE tenant_id = t.id)::int AS evaluation_runs,
          (SELECT count(*) FROM memberships WHERE tenant_id = t.id)::int AS members,
          (SELECT count(*) FROM documents WHERE tenant_id = t.id)::int AS documents,
          (SELECT coalesce(sum(file_size), 0) FROM documents WHERE tenant_id = t.id)::float8 AS document_bytes
        FROM tenants t WHERE t.id = ${actor.tenantId}::uuid`,
    );
    if (!row) throw new AppError("not_found:tenant", "This workspace no longer exists.");
    const { corrections, glossary, evaluation_runs, members, documents, document_bytes } = row;
    await recordAudit(tx, actor, {
      action: "tenant.exported",
      targetType: "tenant",
      targetId: actor.tenantId,
      ip,
      details: { includesFiles: includeFiles, counts: { corrections, glossary, evaluationRuns: evaluation_runs, members, documents }, ...(includeFiles ? { documentBytes: document_bytes } : {}) },
    });
    return row;
  });
  return {
    stream: streamZip((zip) => writeExport(zip, { actor, snapshot, includeFiles }), { export: "tenant", tenantId: actor.tenantId }),
    filename: `${snapshot.slug}-export-${snapshot.exported_at.slice(0, 10)}.zip`,
  };
}
