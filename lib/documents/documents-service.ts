import { unlink } from "node:fs/promises";
import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { containsPattern } from "@/db/connect";
import { chunks, documents, uploadKeys, users, type Document, type DocumentStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { MIME_TYPES, type DocumentKind } from "@/lib/ingest/kinds";
import { notifyWorker } from "@/lib/ingest/worker-signal";
import { markedRanges } from "@/lib/search/highlight";
import { readSearchSettings } from "@/lib/search/rank";
import { highlightAllSql } from "@/lib/search/retrieve";
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
  /** With a duplicate: says under which name the content is kept. */
  message?: string;
}

/** The same file sent again with an Idempotency-Key already used for another file. */
const keyReused = () =>
  new AppError("conflict:idempotency_key", "This Idempotency-Key was already used for a different file. Send a new key for a new upload.");

/** Other names a document's content was uploaded under, kept in its metadata; a few are enough to explain it. */
const MAX_OTHER_NAMES = 20;



/**
 * Binds the key to the document; a key already bound to other content is refused, which also
 * rolls back a document made in the same transaction.
 */
async function bindKey(tx: Transaction, actor: Actor, key: string, document: Document): Promise<void> {
  const [bound] = await tx.insert(uploadKeys).values({ tenantId: actor.tenantId, key, documentId: document.id }).onConflictDoNothing().returning();
  if (bound) return;
  const [owner] = await tx.select({ sha256: documents.sha256 }).from(uploadKeys).innerJoin(documents, eq(documents.id, uploadKeys.documentId)).where(eq(uploadKeys.key, key));
  if (owner?.sha256 !== document.sha256) throw keyReused();
}

/** The existing document this upload repeats: its key is bound and a new name is remembered. */
async function acceptDuplicate(tx: Transaction, actor: Actor, found: Document, upload: StoredUpload, idempotencyKey?: string): Promise<UploadOutcome> {
  if (idempotencyKey) await bindKey(tx, actor, idempotencyKey, found);
  if (upload.filename === found.filename) return { document: found, duplicate: true, message: `Already in this workspace as “${found.filename}”.` };
  const otherNames = (found.metadata as DocumentMetadata).otherNames ?? [];
  let document: Document | undefined = found;
  if (!otherNames.includes(upload.filename) && otherNames.length < MAX_OTHER_NAMES) {
    [document] = await tx
      .update(documents)
      .set({ metadata: sql`${documents.metadata} || ${JSON.stringify({ otherNames: [...otherNames, upload.filename] })}::jsonb` })
      .where(eq(documents.id, found.id))
      .returning();
    await recordAudit(tx, actor, { action: "document.uploaded_again", targetType: "document", targetId: found.id, after: { filename: upload.filename } });
  }
  return { document: document ?? found, duplicate: true, message: `Already uploaded as “${found.filename}”; “${upload.filename}” is recorded as another name of it.` };
}

/**
 * Files a received upload under its content address and queues it; the same content twice is one
 * document, and so is anything sent again under the same Idempotency-Key.
 */
export async function createDocumentFromUpload({ actor, upload, idempotencyKey }: { actor: Actor; upload: StoredUpload; idempotencyKey?: string }): Promise<UploadOutcome> {
  const storageKey = contentKey({ tenantId: actor.tenantId, sha256: upload.sha256 });
  /** The document this upload already is, if any; a key bound to other content is refused. */
  const findEarlier = async (tx: Transaction) => {
    if (idempotencyKey) {
      const [byKey] = await tx.select({ document: documents }).from(uploadKeys).innerJoin(documents, eq(documents.id, uploadKeys.documentId)).where(eq(uploadKeys.key, idempotencyKey));
      if (byKey && byKey.document.sha256 !== upload.sha256) throw keyReused();
    }
    const [bySha] = await tx.select().from(documents).where(eq(documents.sha256, upload.sha256));
    return bySha;
  };
  const settled = await withTenant(actor, async (tx) => {
    const found = await findEarlier(tx);
    return found ? acceptDuplicate(tx, actor, found, upload, idempotencyKey) : undefined;
  }).catch(async (error: unknown) => {
    await unlink(upload.tempPath).catch(() => {});
    throw error;
  });
  if (settled) {
    await unlink(upload.tempPath).catch(() => {});
    return settled;
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
      })
      .onConflictDoNothing()
      .returning();
    if (!created) return acceptDuplicate(tx, actor, (await findEarlier(tx))!, upload, idempotencyKey);
    if (idempotencyKey) await bindKey(tx, actor, idempotencyKey, created);
    await recordAudit(tx, actor, {
      action: "document.uploaded",
      targetType: "document",
      targetId: created.id,
      after: { filename: created.filename, mimeType: created.mimeType, fileSize: created.fileSize, sha256: created.sha256 },
    });
    return { document: created, duplicate: false };
  }).catch(async (error: unknown) => {
    // A refused key rolled the new document back: its stored file is kept only if another upload made one.
    const [kept] = await withTenant(actor, (tx) => tx.select({ id: documents.id }).from(documents).where(eq(documents.storageKey, storageKey)));
    if (!kept) await getStorage().delete(storageKey).catch(() => {});
    throw error;
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

/**
 * A page of the document's chunks; `q` keeps those containing it (any case). With `highlight` (the
 * search that linked here), each chunk also comes `highlighted`: its whole content with the
 * query's words between the highlight markers, matched as in the search's snippets (null when
 * nothing matches).
 */
export async function listChunks({ actor, documentId, q, highlight, page, pageSize }: { actor: Actor; documentId: string; q?: string; highlight?: string; page: number; pageSize: number }) {
  await findDocument(actor, documentId);
  const where = and(eq(chunks.documentId, documentId), q ? ilike(chunks.content, containsPattern(q)) : undefined);
  return withTenant(actor, async (tx) => {
    const marked: SQL<string | null> = highlight ? highlightAllSql((await readSearchSettings(tx, actor.tenantId)).textConfig, highlight, chunks.content) : sql`null::text`;
    const rows = await tx
      .select({
        id: chunks.id,
        ordinal: chunks.ordinal,
        content: chunks.content,
        tokenCount: chunks.tokenCount,
        metadata: chunks.metadata,
        embeddingModel: chunks.embeddingModel,
        marked,
      })
      .from(chunks)
      .where(where)
      .orderBy(asc(chunks.ordinal))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [total] = await tx.select({ n: count() }).from(chunks).where(where);
    return {
      chunks: rows.map(({ marked, ...chunk }) => ({ ...chunk, highlighted: typeof marked === "string" ? faithfulMarks(marked, chunk.content) : null })),
      total: total?.n ?? 0,
    };
  });
}

/** The marked text when it holds a mark and is the content itself once the markers are taken out; otherwise null. */
function faithfulMarks(marked: string, content: string): string | null {
  const { text, ranges } = markedRanges(marked);
  return ranges.length > 0 && text === content ? marked : null;
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
