import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { chunks, documents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { stage, withStages } from "@/lib/documents/stages";
import { MISSING_FILE_MESSAGE, type ObjectStorage } from "@/lib/storage/object-storage";
import { withSystem } from "@/lib/tenancy/with-tenant";

export type ProblemKind =
  | "stuck-processing"
  | "missing-file"
  | "duplicate-chunks"
  | "chunks-of-failed-document"
  | "chunk-count-mismatch"
  | "orphaned-file"
  | "stale-temp-file";

export interface Problem {
  kind: ProblemKind;
  /** The document concerned, or the storage key of a file no document owns. */
  documentId?: string;
  storageKey?: string;
  /** What is wrong, in words, for the summary. */
  detail: string;
}

export interface DoctorOptions {
  storage: ObjectStorage;
  /**
   * A `processing` row older than this has lost its worker. 0 when nothing else can be working:
   * the embedded database admits one process, and the doctor is it.
   */
  leaseMs: number;
  /** Temporary files younger than this may belong to an upload in flight. */
  tempMaxAgeMs?: number;
  /** The upload service stores the file just before it inserts the row, so a young file may be about to be claimed. */
  orphanGraceMs?: number;
  now?: Date;
}

export interface Inventory {
  documents: number;
  chunks: number;
  storedFiles: number;
}

export interface DoctorRun {
  inventory: Inventory;
  found: Problem[];
  repaired: Problem[];
  /** What is still wrong after the repair (or everything found, without one). */
  remaining: Problem[];
}

const HOUR_MS = 60 * 60_000;
export const DEFAULT_TEMP_MAX_AGE_MS = HOUR_MS;
export const DEFAULT_ORPHAN_GRACE_MS = 15 * 60_000;

const KIND_ORDER: ProblemKind[] = ["stuck-processing", "missing-file", "duplicate-chunks", "chunks-of-failed-document", "chunk-count-mismatch", "orphaned-file", "stale-temp-file"];

/** The system actor the doctor's audit entries are written under. */
const doctorActor = (tenantId: string) => ({ tenantId, email: "npm run doctor" });

/** Finds every inconsistency between the documents, their chunks and the stored files. Changes nothing. */
export async function checkConsistency(options: DoctorOptions): Promise<{ inventory: Inventory; problems: Problem[] }> {
  const { storage, leaseMs, tempMaxAgeMs = DEFAULT_TEMP_MAX_AGE_MS, orphanGraceMs = DEFAULT_ORPHAN_GRACE_MS, now = new Date() } = options;
  const problems: Problem[] = [];

  // Files first: a row inserted after the listing then has its file in the listing, so it never looks missing.
  const stored = new Set<string>();
  const agedFiles: { key: string; modifiedAt: Date }[] = [];
  for await (const entry of storage.list()) {
    if (entry.temporary) {
      if (now.getTime() - entry.modifiedAt.getTime() > tempMaxAgeMs) {
        problems.push({ kind: "stale-temp-file", storageKey: entry.key, detail: `temporary file ${entry.key} (${entry.size} bytes) left since ${entry.modifiedAt.toISOString()}` });
      }
      continue;
    }
    stored.add(entry.key);
    if (now.getTime() - entry.modifiedAt.getTime() > orphanGraceMs) agedFiles.push({ key: entry.key, modifiedAt: entry.modifiedAt });
  }

  const { inventory, rows } = await withSystem("the doctor checks every workspace's documents", async (tx) => {
    const docs = await queryRows<{ id: string; filename: string; status: string; error_message: string | null; storage_key: string; chunk_count: number; actual: number; stuck: boolean; locked_at: string | null; failed_with_chunks: boolean; duplicates: number }>(
      tx,
      sql`select d.id, d.filename, d.status, d.error_message, d.storage_key, d.chunk_count, d.locked_at::text,
                 coalesce(c.n, 0)::int as actual,
                 coalesce(c.duplicates, 0)::int as duplicates,
                 (d.status = 'processing' and (d.locked_at is null or d.locked_at <= now() - make_interval(secs => ${leaseMs / 1000}))) as stuck,
                 (d.status = 'failed' and coalesce(c.n, 0) > 0) as failed_with_chunks
          from ${documents} d
          left join (
            select document_id, count(*) as n, count(*) - count(distinct ordinal) as duplicates
            from ${chunks} group by document_id
          ) c on c.document_id = d.id`,
    );
    const [chunkTotal] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${chunks}`);
    return { rows: docs, inventory: { documents: docs.length, chunks: chunkTotal?.n ?? 0, storedFiles: stored.size } };
  });

  const referenced = new Set<string>();
  for (const d of rows) {
    referenced.add(d.storage_key);
    const name = `“${d.filename}” (${d.id})`;
    if (d.stuck) problems.push({ kind: "stuck-processing", documentId: d.id, detail: `${name} is processing since ${d.locked_at ?? "an unknown time"}, ${leaseMs ? `past the ${leaseMs / 1000} s lease` : "but no worker is running"}` });
    const missing = !stored.has(d.storage_key);
    if (missing && !(d.status === "failed" && d.error_message === MISSING_FILE_MESSAGE)) {
      problems.push({ kind: "missing-file", documentId: d.id, detail: `${name} (${d.status}) has no stored file at ${d.storage_key}` });
    }
    if (d.duplicates > 0) problems.push({ kind: "duplicate-chunks", documentId: d.id, detail: `${name} has ${d.duplicates} chunk(s) at a position another chunk already holds` });
    if (d.failed_with_chunks) problems.push({ kind: "chunks-of-failed-document", documentId: d.id, detail: `${name} failed but still has ${d.actual} chunk(s)` });
    if (d.chunk_count !== d.actual) problems.push({ kind: "chunk-count-mismatch", documentId: d.id, detail: `${name} records ${d.chunk_count} chunk(s) but has ${d.actual}` });
  }
  for (const file of agedFiles) {
    if (!referenced.has(file.key)) problems.push({ kind: "orphaned-file", storageKey: file.key, detail: `${file.key} belongs to no document (stored ${file.modifiedAt.toISOString()})` });
  }
  problems.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return { inventory, problems };
}

/**
 * Repairs one problem, each in its own transaction that re-checks the state under a row lock, so a
 * worker or an upload that moved on since the check is left alone.
 */
async function repair(problem: Problem, options: DoctorOptions): Promise<void> {
  const { storage, leaseMs } = options;
  if (problem.kind === "stale-temp-file") {
    await storage.deleteTemporary(problem.storageKey!);
    return;
  }
  if (problem.kind === "orphaned-file") {
    const key = problem.storageKey!;
    const [owner] = await withSystem("the doctor checks a stored file is unowned", (tx) => tx.select({ id: documents.id }).from(documents).where(eq(documents.storageKey, key)));
    if (!owner) await storage.delete(key);
    return;
  }

  const { kind } = problem;
  const id = problem.documentId!;
  await withSystem("the doctor repairs a document", async (tx) => {
    const [doc] = await tx.select().from(documents).where(eq(documents.id, id)).for("update");
    if (!doc) return;
    const audit = (after: Record<string, unknown>) =>
      recordAudit(tx, doctorActor(doc.tenantId), { action: "document.repaired", targetType: "document", targetId: id, details: { problem: kind }, before: { status: doc.status, chunkCount: doc.chunkCount }, after });

    switch (kind) {
      case "stuck-processing": {
        // The worker's own take-over: back to the queue, counted as an interruption (not an attempt:
        // a stopped worker is not the file's fault).
        const interruptions = Number((doc.metadata as { interruptions?: unknown }).interruptions ?? 0) + 1;
        await tx
          .update(documents)
          .set({ status: "pending", lockedAt: null, metadata: { ...withStages(doc.metadata, stage("queued", { detail: "its worker stopped; released by npm run doctor" })), interruptions } })
          .where(
            and(
              eq(documents.id, id),
              eq(documents.status, "processing"),
              or(isNull(documents.lockedAt), lte(documents.lockedAt, sql`now() - make_interval(secs => ${leaseMs / 1000})`)),
            ),
          );
        return;
      }
      case "missing-file": {
        if (await storage.exists(doc.storageKey)) return;
        await tx.delete(chunks).where(eq(chunks.documentId, id));
        await tx
          .update(documents)
          .set({
            status: "failed",
            errorMessage: MISSING_FILE_MESSAGE,
            chunkCount: 0,
            lockedAt: null,
            processedAt: new Date(),
            metadata: withStages(doc.metadata, stage("failed", { detail: MISSING_FILE_MESSAGE })),
          })
          .where(eq(documents.id, id));
        await audit({ status: "failed", chunkCount: 0 });
        return;
      }
      case "duplicate-chunks": {
        // Two writes overlapped, so no chunk can be trusted to belong to one consistent set: start over.
        await tx.delete(chunks).where(eq(chunks.documentId, id));
        await tx
          .update(documents)
          .set({
            status: "pending",
            attempts: 0,
            chunkCount: 0,
            errorMessage: null,
            lockedAt: null,
            metadata: withStages(doc.metadata, stage("queued", { detail: "chunks were duplicated; re-queued by npm run doctor" })),
          })
          .where(eq(documents.id, id));
        await audit({ status: "pending", chunkCount: 0 });
        return;
      }
      case "chunks-of-failed-document": {
        if (doc.status !== "failed") return;
        await tx.delete(chunks).where(eq(chunks.documentId, id));
        await tx.update(documents).set({ chunkCount: 0 }).where(eq(documents.id, id));
        await audit({ status: "failed", chunkCount: 0 });
        return;
      }
      case "chunk-count-mismatch": {
        const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${chunks} where ${chunks.documentId} = ${id}`);
        if (n === doc.chunkCount) return;
        await tx.update(documents).set({ chunkCount: n }).where(eq(documents.id, id));
        await audit({ status: doc.status, chunkCount: n });
        return;
      }
    }
  });
}

/**
 * `npm run doctor`: checks, and with `repair` fixes in a safe order (release stuck claims before
 * judging files and chunks; fix counts last), then checks again so the result says what remains.
 */
export async function runDoctor({ repair: shouldRepair, ...options }: DoctorOptions & { repair: boolean }): Promise<DoctorRun> {
  const first = await checkConsistency(options);
  if (!shouldRepair || first.problems.length === 0) return { inventory: first.inventory, found: first.problems, repaired: [], remaining: first.problems };
  for (const problem of first.problems) await repair(problem, options);
  const after = await checkConsistency(options);
  const identity = (p: Problem) => `${p.kind} ${p.documentId ?? p.storageKey}`;
  const left = new Set(after.problems.map(identity));
  return { inventory: first.inventory, found: first.problems, repaired: first.problems.filter((p) => !left.has(identity(p))), remaining: after.problems };
}

export type StatusCounts = {
  pending: number;
  processing: number;
  completed: number;
  failed: number;
  chunks: number;
};

/** Documents by status and the chunk total, for callers that watch the queue (the crash loop). */
export async function statusCounts(): Promise<StatusCounts> {
  const [row] = await withSystem("count documents by status", (tx) =>
    queryRows<StatusCounts>(
      tx,
      sql`select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'processing')::int as processing,
                 count(*) filter (where status = 'completed')::int as completed, count(*) filter (where status = 'failed')::int as failed,
                 (select count(*)::int from ${chunks}) as chunks
          from ${documents}`,
    ),
  );
  return row!;
}

const KIND_LABELS: Record<ProblemKind, string> = {
  "stuck-processing": "Documents stuck processing (worker gone)",
  "missing-file": "Documents whose stored file is missing",
  "duplicate-chunks": "Documents with duplicate chunks",
  "chunks-of-failed-document": "Failed documents that still have chunks",
  "chunk-count-mismatch": "Documents whose chunk count is wrong",
  "orphaned-file": "Stored files no document references",
  "stale-temp-file": "Temporary files older than an hour",
};

const REPAIR_ACTIONS: Record<ProblemKind, string> = {
  "stuck-processing": "released to the queue",
  "missing-file": "marked failed with the reason",
  "duplicate-chunks": "chunks removed and re-queued",
  "chunks-of-failed-document": "chunks removed",
  "chunk-count-mismatch": "count corrected",
  "orphaned-file": "deleted",
  "stale-temp-file": "deleted",
};

/** The readable summary the command prints. */
export function formatDoctorRun(run: DoctorRun, { repair, limit = 20 }: { repair: boolean; limit?: number }): string {
  const { inventory } = run;
  const lines = [`Checked ${inventory.documents} document(s), ${inventory.chunks} chunk(s), ${inventory.storedFiles} stored file(s).`];
  if (run.found.length === 0) return [...lines, "Everything is consistent."].join("\n");
  const repairedKeys = new Set(run.repaired);
  for (const kind of KIND_ORDER) {
    const ofKind = run.found.filter((p) => p.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push("", `${KIND_LABELS[kind]}: ${ofKind.length}`);
    for (const p of ofKind.slice(0, limit)) lines.push(`  - ${p.detail}${repairedKeys.has(p) ? ` → ${REPAIR_ACTIONS[kind]}` : ""}`);
    if (ofKind.length > limit) lines.push(`  … and ${ofKind.length - limit} more`);
  }
  lines.push("");
  if (!repair) lines.push(`${run.found.length} problem(s) found. Run \`npm run doctor -- --repair\` to fix them.`);
  else if (run.remaining.length === 0) lines.push(`Repaired ${run.repaired.length} problem(s). Everything is consistent now.`);
  else {
    lines.push(`Repaired ${run.repaired.length} of ${run.found.length} problem(s); ${run.remaining.length} remain:`);
    for (const p of run.remaining.slice(0, limit)) lines.push(`  - ${p.detail}`);
  }
  return lines.join("\n");
}
