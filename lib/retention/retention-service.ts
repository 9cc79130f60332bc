import { and, count, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getDatabase, type Transaction } from "@/db/client";
import { auditLog, documents, evaluationRuns, retentionPolicies, type RetentionResource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { sweepExpiredRateLimits } from "@/lib/rate-limits/counter";
import { getStorage } from "@/lib/storage";
import { actorCan, type Actor } from "@/lib/tenancy/actor";
import { withAuditPurge, withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { RETENTION_LABELS, RETENTION_RESOURCES, type RetentionDays, type RetentionPreviewRow } from "./resources";
import { retentionPoliciesSchema, retentionProposalSchema, type RetentionProposal } from "./schemas";

const DAY_MS = 86_400_000;

/** Rows per DELETE statement, and per transaction: the embedded database serves other requests between batches. */
export const RETENTION_BATCH_SIZE = 5_000;

/**
 * How the cleanup appears in the audit log. The audit actor has no field for a system job, so the
 * name goes where the log shows a person's email.
 */
export const RETENTION_JOB = "retention job";

const jobActor = (tenantId: string): Actor => ({ tenantId, role: "owner", email: RETENTION_JOB });

type Batch = { removed: number; files: string[] };

interface Target {
  /** The rows past the cutoff: the dry run counts exactly what the cleanup deletes. */
  expired(tenantId: string, cutoff: Date): SQL | undefined;
  /** SKIP LOCKED: a row someone is changing right now waits for the next run instead of blocking this one. */
  deleteBatch(tx: Transaction, where: SQL | undefined, limit: number): Promise<Batch>;
  /** One batch's transaction; the audit entry of the last batch is written in it. */
  transaction<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  table: typeof evaluationRuns | typeof auditLog | typeof documents;
}

const asTenant = <T>(tenantId: string, fn: (tx: Transaction) => Promise<T>) => withTenant(jobActor(tenantId), fn);

const TARGETS: Record<RetentionResource, Target> = {
  evaluation_runs: {
    table: evaluationRuns,
    expired: (tenantId, cutoff) => and(eq(evaluationRuns.tenantId, tenantId), lt(evaluationRuns.createdAt, cutoff)),
    deleteBatch: async (tx, where, limit) => {
      const ids = tx.select({ id: evaluationRuns.id }).from(evaluationRuns).where(where).limit(limit).for("update", { skipLocked: true });
      const rows = await tx.delete(evaluationRuns).where(inArray(evaluationRuns.id, ids)).returning({ id: evaluationRuns.id });
      return { removed: rows.length, files: [] };
    },
    transaction: asTenant,
  },
  audit_log: {
    table: auditLog,
    expired: (tenantId, cutoff) => and(eq(auditLog.tenantId, tenantId), lt(auditLog.createdAt, cutoff)),
    deleteBatch: async (tx, where, limit) => {
      // No row lock: nothing else ever locks an audit row, and FOR UPDATE would need the UPDATE right tkc_retention lacks.
      const ids = tx.select({ id: auditLog.id }).from(auditLog).where(where).limit(limit);
      const rows = await tx.delete(auditLog).where(inArray(auditLog.id, ids)).returning({ id: auditLog.id });
      return { removed: rows.length, files: [] };
    },
    transaction: (_tenantId, fn) => withAuditPurge(fn),
  },
  // "Failed since": processed_at is stamped when the worker gives a document up; updated_at covers a
  // failed row that never went through the worker. A re-process clears the failed status, so it keeps the row.
  failed_documents: {
    table: documents,
    expired: (tenantId, cutoff) =>
      and(
        eq(documents.tenantId, tenantId),
        eq(documents.status, "failed"),
        // A string: in raw SQL no column type tells postgres.js how to send a Date.
        sql`coalesce(${documents.processedAt}, ${documents.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
      ),
    deleteBatch: async (tx, where, limit) => {
      const ids = tx.select({ id: documents.id }).from(documents).where(where).limit(limit).for("update", { skipLocked: true });
      const rows = await tx.delete(documents).where(inArray(documents.id, ids)).returning({ key: documents.storageKey });
      return { removed: rows.length, files: rows.map((r) => r.key) };
    },
    transaction: asTenant,
  },
};

function requireScope(actor: Actor, scope: Scope, message: string): void {
  if (!actorCan(actor, scope)) throw new AppError("forbidden:scope", message);
}

function cutoffFor(now: Date, retainDays: number): Date {
  return new Date(now.getTime() - retainDays * DAY_MS);
}

/** Validated here as well as by the action, so every caller meets the same bounds and the same sentence. */
function parseOrExplain<T>(result: z.ZodSafeParseResult<T>): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const resource = issue.path[0] as RetentionResource | undefined;
  const label = resource && RETENTION_LABELS[resource];
  throw new AppError("bad_request:retention", label ? `Retention for ${label}: ${issue.message}` : issue.message);
}

async function readPolicies(tx: Transaction, tenantId: string): Promise<RetentionDays> {
  const rows = await tx
    .select({ resource: retentionPolicies.resource, retainDays: retentionPolicies.retainDays })
    .from(retentionPolicies)
    .where(eq(retentionPolicies.tenantId, tenantId));
  return Object.fromEntries(RETENTION_RESOURCES.map((r) => [r, rows.find((row) => row.resource === r)?.retainDays ?? null])) as RetentionDays;
}

export async function getRetentionPolicies({ actor }: { actor: Actor }): Promise<RetentionDays> {
  requireScope(actor, "retention:read", "Only owners and admins can see retention periods.");
  return withTenant(actor, (tx) => readPolicies(tx, actor.tenantId));
}

/** Saves every resource's period at once; null (blank) keeps that resource forever. */
export async function setRetentionPolicies({ actor, input }: { actor: Actor; input: RetentionDays }): Promise<RetentionDays> {
  requireScope(actor, "retention:manage", "Only owners can change retention periods.");
  const after: RetentionDays = parseOrExplain(retentionPoliciesSchema.safeParse(input));
  return withTenant(actor, async (tx) => {
    // Locks the saved rows, so two owners saving at once leave one complete before/after each.
    await tx.select({ id: retentionPolicies.id }).from(retentionPolicies).where(eq(retentionPolicies.tenantId, actor.tenantId)).for("update");
    const before = await readPolicies(tx, actor.tenantId);
    const changed = RETENTION_RESOURCES.filter((r) => before[r] !== after[r]);
    for (const resource of changed) {
      const retainDays = after[resource];
      const mine = and(eq(retentionPolicies.tenantId, actor.tenantId), eq(retentionPolicies.resource, resource));
      if (retainDays === null) await tx.delete(retentionPolicies).where(mine);
      else {
        await tx
          .insert(retentionPolicies)
          .values({ tenantId: actor.tenantId, resource, retainDays })
          .onConflictDoUpdate({ target: [retentionPolicies.tenantId, retentionPolicies.resource], set: { retainDays, updatedAt: new Date() } });
      }
    }
    if (changed.length > 0) {
      await recordAudit(tx, actor, { action: "retention.updated", targetType: "tenant", targetId: actor.tenantId, before, after });
    }
    return after;
  });
}

/**
 * The dry run: how many rows of each resource the cleanup would delete now. `input` previews unsaved
 * periods; a resource it leaves out uses the saved one. Counts use the cleanup's own conditions.
 */
export async function previewRetention({ actor, input = {}, now = new Date() }: { actor: Actor; input?: RetentionProposal; now?: Date }): Promise<RetentionPreviewRow[]> {
  requireScope(actor, "retention:read", "Only owners and admins can preview retention.");
  const proposal = parseOrExplain(retentionProposalSchema.safeParse(input));
  return withTenant(actor, async (tx) => {
    const saved = await readPolicies(tx, actor.tenantId);
    const preview: RetentionPreviewRow[] = [];
    for (const resource of RETENTION_RESOURCES) {
      const retainDays = proposal[resource] === undefined ? saved[resource] : proposal[resource];
      if (retainDays === null) {
        preview.push({ resource, retainDays, cutoff: null, rows: 0 });
        continue;
      }
      const cutoff = cutoffFor(now, retainDays);
      const target = TARGETS[resource];
      const [counted] = await tx.select({ n: count() }).from(target.table).where(target.expired(actor.tenantId, cutoff));
      const rows = counted?.n ?? 0;
      preview.push({ resource, retainDays, cutoff: cutoff.toISOString(), rows });
    }
    return preview;
  });
}

export interface PurgeOutcome {
  resource: RetentionResource;
  retainDays: number;
  cutoff: string;
  removed: number;
  /** Set when this resource's cleanup failed; rows of batches before the failure stay removed. */
  error?: string;
}

interface RunOptions {
  now?: Date;
  batchSize?: number;
  /** Stops between batches, e.g. when the process shuts down. */
  signal?: AbortSignal;
}

async function removeFiles(tenantId: string, keys: string[]): Promise<void> {
  const storage = getStorage();
  for (const key of keys) {
    await storage.delete(key).catch((error: unknown) => console.error("removing a failed document's file failed", { error, tenantId, storageKey: key }));
  }
}

/**
 * Deletes one resource's expired rows in batches, each batch its own transaction, and writes one
 * audit entry with the total and the cutoff (in the last batch's transaction; nothing removed, no
 * entry). That entry is new, so it is never older than the cutoff it reports and survives this run;
 * it ages out under the same policy later, and by then a newer entry covers everything before it.
 */
async function purge(tenantId: string, resource: RetentionResource, retainDays: number, { now = new Date(), batchSize = RETENTION_BATCH_SIZE, signal }: RunOptions): Promise<number> {
  // A batch of 0 would never come back short, so the loop would never end.
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`retention batch size must be a positive integer, not ${batchSize}`);
  const target = TARGETS[resource];
  const cutoff = cutoffFor(now, retainDays);
  const where = target.expired(tenantId, cutoff);
  const entry = (removed: number, complete: boolean) => ({
    action: "retention.purged",
    targetType: resource,
    details: { removed, retainDays, cutoff: cutoff.toISOString(), ...(complete ? {} : { complete }) },
  });
  let removed = 0;
  let finished = false;
  try {
    while (!finished && !signal?.aborted) {
      const batch = await target.transaction(tenantId, async (tx) => {
        const done = await target.deleteBatch(tx, where, batchSize);
        if (done.removed < batchSize && removed + done.removed > 0) await recordAudit(tx, jobActor(tenantId), entry(removed + done.removed, true));
        return done;
      });
      removed += batch.removed;
      finished = batch.removed < batchSize;
      await removeFiles(tenantId, batch.files);
    }
  } finally {
    // Batches commit one by one: a stopped or failed cleanup still accounts for what it removed.
    if (!finished && removed > 0) {
      await asTenant(tenantId, (tx) => recordAudit(tx, jobActor(tenantId), entry(removed, false))).catch((error: unknown) =>
        console.error("auditing an interrupted retention cleanup failed", { error, tenantId, resource, removed }),
      );
    }
  }
  return removed;
}

/**
 * Applies a workspace's saved retention: the job's work for one tenant, so no actor or permission.
 * A failure of one resource is logged and reported, and the others still run.
 */
export async function applyRetention({ tenantId, ...options }: { tenantId: string } & RunOptions): Promise<PurgeOutcome[]> {
  const now = options.now ?? new Date();
  const policies = await asTenant(tenantId, (tx) => readPolicies(tx, tenantId));
  const outcomes: PurgeOutcome[] = [];
  for (const resource of RETENTION_RESOURCES) {
    const retainDays = policies[resource];
    if (retainDays === null || options.signal?.aborted) continue;
    const outcome: PurgeOutcome = { resource, retainDays, cutoff: cutoffFor(now, retainDays).toISOString(), removed: 0 };
    try {
      outcome.removed = await purge(tenantId, resource, retainDays, { ...options, now });
    } catch (error) {
      console.error("the retention cleanup failed", { tenantId, resource, retainDays, error });
      outcome.error = error instanceof Error ? error.message : String(error);
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

export interface RetentionRunSummary {
  workspaces: number;
  removed: Record<RetentionResource, number>;
  /** Rate-limit counters whose window had ended (not a workspace's data: swept on every run). */
  rateLimitsSwept: number;
  failures: number;
}

/**
 * The scheduled cleanup: every workspace with a policy, one after another, then the rate-limit
 * counters whose window has ended, then VACUUM ANALYZE of each table it shrank. PGlite has no
 * autovacuum, so without it the space and the planner's row estimates would never catch up; on a
 * PostgreSQL server it only runs ahead of autovacuum.
 */
export async function runRetentionForAllTenants(options: RunOptions = {}): Promise<RetentionRunSummary> {
  const tenants = await withSystem("the retention job finds the workspaces with a retention policy", (tx) =>
    tx.selectDistinct({ tenantId: retentionPolicies.tenantId }).from(retentionPolicies).orderBy(retentionPolicies.tenantId),
  );
  const summary: RetentionRunSummary = { workspaces: 0, removed: { evaluation_runs: 0, audit_log: 0, failed_documents: 0 }, rateLimitsSwept: 0, failures: 0 };
  for (const { tenantId } of tenants) {
    if (options.signal?.aborted) break;
    try {
      for (const outcome of await applyRetention({ tenantId, ...options })) {
        summary.removed[outcome.resource] += outcome.removed;
        if (outcome.error) summary.failures++;
      }
    } catch (error) {
      console.error("the retention cleanup of a workspace failed", { tenantId, error });
      summary.failures++;
    }
    summary.workspaces++;
  }
  if (options.signal?.aborted) return summary;
  try {
    summary.rateLimitsSwept = await sweepExpiredRateLimits({ batchSize: options.batchSize, signal: options.signal });
  } catch (error) {
    // Not a workspace's data: logged, and the next run sweeps what is left.
    console.error("sweeping expired rate-limit counters failed", { error });
  }
  await vacuumShrunkTables(summary.removed);
  return summary;
}

async function vacuumShrunkTables(removed: Record<RetentionResource, number>): Promise<void> {
  const { db } = await getDatabase();
  for (const resource of RETENTION_RESOURCES) {
    if (removed[resource] === 0) continue;
    const table = TARGETS[resource].table;
    // db, not a transaction: VACUUM refuses to run inside one. Both drivers send this as one statement.
    await db.execute(sql`vacuum analyze ${table}`).catch((error: unknown) => console.error("vacuum after the retention cleanup failed", { error, resource }));
  }
}
