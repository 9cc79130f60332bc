import { unlink } from "node:fs/promises";
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { containsPattern } from "@/db/connect";
import { chunks, documents, users, type Document, type DocumentStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { MIME_TYPES, type DocumentKind } from "@/lib/ingest/kinds";
import { notifyWorker } from "@/lib/ingest/worker-signal";
import { getStorage } from "@/lib/storage";
import { contentKey, MISSING_FILE_MESSAGE } from "@/lib/storage/object-storage";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { stage, withStages, type DocumentMetadata } from "./stages";

export interface StoredUpload {
  filename: string;
  kind: DocumentKind;
  size: number;
  sha256: string;
  tempPath: string;
}

export interface UploadOutcome {
  document: Document;
  /** The same content was already in this workspace: no new document was made. */
  duplicate: boolean;
}

/** The same file sent again with an Idempotency-Key already used for another file. */
const keyReused = () =>
  new AppError("conflict:idempotency_key", "This Idempotency-Key was already used for a different file. Send a new key for a new upload.");

/**
 * Files a received upload under its content address and queues it; the same content twice is one
 * document, and so is anything sent again under the same Idempotency-Key.
 */
export async function createDocumentFromUpload({ actor, upload, idempotencyKey }: { actor: Actor; upload: StoredUpload; idempotencyKey?: string }): Promise<UploadOutcome> {
  const storageKey = contentKey({ tenantId: actor.tenantId, sha256: upload.sha256 });
  const sameUpload = idempotencyKey ? or(eq(documents.sha256, upload.sha256), eq(documents.idempotencyKey, idempotencyKey)) : eq(documents.sha256, upload.sha256);
  /** The document this upload already is, if any; a key reused for other content is refused. */
  const earlier = (rows: Document[]) => {
    const byKey = idempotencyKey ? rows.find((d) => d.idempotencyKey === idempotencyKey) : undefined;
    if (byKey && byKey.sha256 !== upload.sha256) throw keyReused();
    return byKey ?? rows.find((d) => d.sha256 === upload.sha256);
  };
  const found = await withTenant(actor, (tx) => tx.select().from(documents).where(sameUpload)).then(earlier).catch(async (error: unknown) => {
    await unlink(upload.tempPath).catch(() => {});
    throw error;
  });
  if (found) {
    await unlink(upload.tempPath).catch(() => {});
    return { document: found, duplicate: true };
  }
  // Content-addressed: if a concurrent upload of the same bytes wins the insert, this file is identical to its.
  await getStorage().putFile(storageKey, upload.tempPath);
  const outcome = await withTenant(actor, async (tx) => {
    const metadata: DocumentMetadata = { kind: upload.kind, stages: [stage("stored", { detail: `${upload.size} bytes` })] };
    const [created] = await tx
      .insert(documents)
      .values({
        tenantId: actor.tenantId,
        userId: actor.userId,
        filename: upload.filename,
        mimeType: MIME_TYPES[upload.kind],
        fileSize: upload.size,
        sha256: upload.sha256,
        storageKey,
        metadata,
        idempotencyKey,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) return { document: earlier(await tx.select().from(documents).where(sameUpload))!, duplicate: true };
    await recordAudit(tx, actor, {
      action: "document.uploaded",
      targetType: "document",
      targetId: created.id,
      after: { filename: created.filename, mimeType: created.mimeType, fileSize: created.fileSize, sha256: created.sha256 },
    });
    return { document: created, duplicate: false };
  });
  if (!outcome.duplicate) notifyWorker();
  return outcome;
}

export const DOCUMENT_SORTS = ["createdAt", "filename", "fileSize", "status", "chunkCount"] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export interface DocumentListQuery {
  status?: DocumentStatus;
  kind?: DocumentKind;
  q?: string;
  sort: DocumentSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
}

export interface DocumentRow {
  id: string;
  filename: string;
  mimeType: string;
  fileSize: number;
  status: DocumentStatus;
  chunkCount: number;
  errorMessage: string | null;
  createdAt: Date;
  processedAt: Date | null;
  uploader: string | null;
}

const SORT_COLUMNS = {
  createdAt: documents.createdAt,
  filename: documents.filename,
  fileSize: documents.fileSize,
  status: documents.status,
  chunkCount: documents.chunkCount,
} as const;

export async function listDocuments({ actor, query }: { actor: Actor; query: DocumentListQuery }): Promise<{
  documents: DocumentRow[];
  total: number;
  /** Documents not yet settled in the whole workspace, so the page knows whether to keep polling. */
  active: number;
}> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(documents.status, query.status));
  if (query.kind) filters.push(eq(documents.mimeType, MIME_TYPES[query.kind]));
  if (query.q) filters.push(ilike(documents.filename, containsPattern(query.q)));
  const where = filters.length ? and(...filters) : undefined;
  const column = SORT_COLUMNS[query.sort];
  return withTenant(actor, async (tx) => {
    const rows = await tx
      .select({
        id: documents.id,
        filename: documents.filename,
        mimeType: documents.mimeType,
        fileSize: documents.fileSize,
        status: documents.status,
        chunkCount: documents.chunkCount,
        errorMessage: documents.errorMessage,
        createdAt: documents.createdAt,
        processedAt: documents.processedAt,
        uploader: users.email,
      })
      .from(documents)
      .leftJoin(users, eq(users.id, documents.userId))
      .where(where)
      .orderBy(query.dir === "asc" ? asc(column) : desc(column), desc(documents.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    const [total] = await tx.select({ n: count() }).from(documents).where(where);
    const [active] = await tx.select({ n: count() }).from(documents).where(inArray(documents.status, ["pending", "processing"]));
    return { documents: rows, total: total?.n ?? 0, active: active?.n ?? 0 };
  });
}

async function findDocument(actor: Actor, id: string) {
  const [row] = await withTenant(actor, (tx) =>
    tx
      .select({ document: documents, uploader: users.email })
      .from(documents)
      .leftJoin(users, eq(users.id, documents.userId))
      .where(eq(documents.id, id)),
  );
  if (!row) throw new AppError("not_found:document", "That document does not exist in this workspace, or it was deleted.");
  return row;
}

export async function getDocument({ actor, id }: { actor: Actor; id: string }): Promise<Document & { uploader: string | null }> {
  const row = await findDocument(actor, id);
  return { ...row.document, uploader: row.uploader };
}

export async function listChunks({ actor, documentId, q, page, pageSize }: { actor: Actor; documentId: string; q?: string; page: number; pageSize: number }) {
  await findDocument(actor, documentId);
  const where = and(eq(chunks.documentId, documentId), q ? ilike(chunks.content, containsPattern(q)) : undefined);
  return withTenant(actor, async (tx) => {
    const rows = await tx
      .select({ id: chunks.id, ordinal: chunks.ordinal, content: chunks.content, tokenCount: chunks.tokenCount, metadata: chunks.metadata, embeddingModel: chunks.embeddingModel })
      .from(chunks)
      .where(where)
      .orderBy(asc(chunks.ordinal))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [total] = await tx.select({ n: count() }).from(chunks).where(where);
    return { chunks: rows, total: total?.n ?? 0 };
  });
}

/** Deletes the document, its chunks (by cascade) and its stored file. */
export async function deleteDocument({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  const deleted = await withTenant(actor, async (tx) => {
    const [row] = await tx.delete(documents).where(eq(documents.id, id)).returning();
    if (!row) throw new AppError("not_found:document", "That document does not exist in this workspace, or it was already deleted.");
    await recordAudit(tx, actor, {
      action: "document.deleted",
      targetType: "document",
      targetId: row.id,
      before: { filename: row.filename, mimeType: row.mimeType, fileSize: row.fileSize, status: row.status, chunkCount: row.chunkCount },
    });
    return row;
  });
  await getStorage()
    .delete(deleted.storageKey)
    .catch((error: unknown) => console.error("removing a deleted document's file failed", { error, documentId: id }));
}

/** Queues the document to be parsed, chunked and embedded again (after a failure or a settings change). */
export async function reprocessDocument({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for("update");
    if (!row) throw new AppError("not_found:document", "That document does not exist in this workspace, or it was deleted.");
    if (row.status === "processing") throw new AppError("conflict:document", "The document is being processed right now. Try again when it has finished.");
    await tx
      .update(documents)
      .set({
        status: "pending",
        attempts: 0,
        errorMessage: null,
        lockedAt: null,
        // A fresh start: earlier interruptions no longer count toward giving up.
        metadata: { ...withStages(row.metadata, stage("queued", { detail: "re-process requested" })), interruptions: 0 },
      })
      .where(eq(documents.id, id));
    await recordAudit(tx, actor, { action: "document.reprocessed", targetType: "document", targetId: id, before: { status: row.status }, after: { status: "pending" } });
  });
  notifyWorker();
}

/** The stored original, for download. */
export async function openOriginal({ actor, id }: { actor: Actor; id: string }) {
  const { document } = await findDocument(actor, id);
  const storage = getStorage();
  // Checked before the headers go out: a stream that fails after a 200 is a broken download.
  if (!(await storage.exists(document.storageKey))) throw new AppError("not_found:file", MISSING_FILE_MESSAGE);
  return { filename: document.filename, mimeType: document.mimeType, size: document.fileSize, stream: storage.getStream(document.storageKey) };
}
