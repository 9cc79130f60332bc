import { and, asc, desc, eq, gte, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { isUniqueViolation, containsPattern } from "@/db/connect";
import { correctionHistory, tenantCorrections, type TenantCorrection } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { actorCan, type Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { confidenceAfterApproval, confidenceAfterOutcome, RECENT_OUTCOMES } from "./confidence";
import { MAX_BULK_APPROVE, type BulkApproveInput, type CorrectionListQuery, type CorrectionPatch, type NewCorrectionInput, type ReviewInput } from "./schemas";
import { phraseKey } from "./words";

const c = tenantCorrections;

/**
 * Approved, switched on, and another approved correction rewrites the same words differently.
 * Columns are qualified by hand: drizzle writes a lone table's columns unqualified, which inside
 * the subquery would name the inner alias.
 */
const inConflict = sql<boolean>`(tenant_corrections.status = 'approved' AND tenant_corrections.is_enabled AND EXISTS (
  SELECT 1 FROM tenant_corrections o
  WHERE o.original_key = tenant_corrections.original_key AND o.corrected_text <> tenant_corrections.corrected_text
    AND o.status = 'approved' AND o.is_enabled AND o.id <> tenant_corrections.id))`;

const successRate = sql<number | null>`(${c.successCount}::float8 / nullif(${c.successCount} + ${c.failureCount}, 0))`;

export interface CorrectionRow extends TenantCorrection {
  conflict: boolean;
  successRate: number | null;
}

function assertReviewer(actor: Actor) {
  if (!actorCan(actor, "corrections:review")) throw new AppError("forbidden:scope", "Your role cannot approve or reject corrections. Ask a member, admin or owner.");
}

function keyOf(originalText: string): string {
  const key = phraseKey(originalText);
  if (!key) throw new AppError("bad_request:correction", "The original text needs at least one word.");
  return key;
}

function snapshotOf(row: TenantCorrection) {
  return { originalText: row.originalText, correctedText: row.correctedText, status: row.status, confidence: row.confidence, isEnabled: row.isEnabled };
}

export async function listCorrections({ actor, query }: { actor: Actor; query: CorrectionListQuery }) {
  const filters: SQL[] = [];
  if (query.view === "queue") filters.push(or(eq(c.status, "suggested"), and(eq(c.status, "approved"), isNotNull(c.reviewReason)))!);
  if (query.status) filters.push(eq(c.status, query.status));
  if (query.level) filters.push(eq(c.confidenceLevel, query.level));
  if (query.source) filters.push(eq(c.source, query.source));
  if (query.enabled !== undefined) filters.push(eq(c.isEnabled, query.enabled));
  if (query.q) {
    const like = containsPattern(query.q);
    filters.push(or(sql`${c.originalText} ILIKE ${like}`, sql`${c.correctedText} ILIKE ${like}`)!);
  }
  const order = {
    usage: [desc(c.usageCount), desc(c.updatedAt)],
    success_rate: [sql`${successRate} DESC NULLS LAST`, desc(c.usageCount)],
    confidence: [desc(c.confidence), desc(c.updatedAt)],
    recent: [desc(c.updatedAt)],
  }[query.sort];
  const where = filters.length ? and(...filters) : undefined;
  return withTenant(actor, async (tx) => {
    const rows = await tx
      .select({ row: c, conflict: inConflict, successRate })
      .from(c)
      .where(where)
      .orderBy(...order, asc(c.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    const [counts] = await tx
      .select({
        total: sql<number>`count(*) FILTER (WHERE ${where ?? sql`true`})`.mapWith(Number),
        queue: sql<number>`count(*) FILTER (WHERE ${c.status} = 'suggested' OR (${c.status} = 'approved' AND ${c.reviewReason} IS NOT NULL))`.mapWith(Number),
        conflicts: sql<number>`count(*) FILTER (WHERE ${inConflict})`.mapWith(Number),
      })
      .from(c);
    const sources = await tx.selectDistinct({ source: c.source }).from(c).orderBy(asc(c.source));
    return {
      corrections: rows.map((r): CorrectionRow => ({ ...r.row, conflict: r.conflict, successRate: r.successRate })),
      total: counts?.total ?? 0,
      queueCount: counts?.queue ?? 0,
      conflictCount: counts?.conflicts ?? 0,
      sources: sources.map((s) => s.source),
    };
  });
}

export async function createCorrection({ actor, input }: { actor: Actor; input: NewCorrectionInput }): Promise<TenantCorrection> {
  if (input.status === "approved") assertReviewer(actor);
  const originalKey = keyOf(input.originalText);
  if (input.originalText === input.correctedText) throw new AppError("bad_request:correction", "The corrected text is the same as the original.");
  const approved = input.status === "approved";
  try {
    return await withTenant(actor, async (tx) => {
      const [row] = await tx
        .insert(c)
        .values({
          tenantId: actor.tenantId,
          originalText: input.originalText,
          originalKey,
          correctedText: input.correctedText,
          confidence: approved ? confidenceAfterApproval(input.confidence) : input.confidence,
          status: input.status,
          source: input.source,
          context: input.context,
          reviewedBy: approved ? actor.userId : null,
          reviewedAt: approved ? new Date() : null,
        })
        .returning();
      await recordAudit(tx, actor, { action: "correction.created", targetType: "correction", targetId: row!.id, after: snapshotOf(row!) });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:correction", `“${input.originalText}” → “${input.correctedText}” already exists. Find it in the corrections list.`);
    throw error;
  }
}

async function lockCorrection(tx: Transaction, id: string): Promise<TenantCorrection> {
  const [row] = await tx.select().from(c).where(eq(c.id, id)).for("update");
  if (!row) throw new AppError("not_found:correction", "That correction does not exist in this workspace.");
  return row;
}

export async function updateCorrection({ actor, id, patch }: { actor: Actor; id: string; patch: CorrectionPatch }): Promise<TenantCorrection> {
  try {
    return await withTenant(actor, async (tx) => {
      const before = await lockCorrection(tx, id);
      if (patch.status && patch.status !== before.status) assertReviewer(actor);
      const originalText = patch.originalText ?? before.originalText;
      const correctedText = patch.correctedText ?? before.correctedText;
      if (originalText === correctedText) throw new AppError("bad_request:correction", "The corrected text is the same as the original.");
      const approving = patch.status === "approved" && before.status !== "approved";
      const [row] = await tx
        .update(c)
        .set({
          originalText,
          originalKey: keyOf(originalText),
          correctedText,
          confidence: approving ? confidenceAfterApproval(patch.confidence ?? before.confidence) : (patch.confidence ?? before.confidence),
          isEnabled: patch.isEnabled ?? before.isEnabled,
          ...(patch.status && patch.status !== before.status
            ? { status: patch.status, reviewedBy: actor.userId ?? null, reviewedAt: new Date(), reviewReason: null }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(c.id, id))
        .returning();
      await recordAudit(tx, actor, { action: "correction.updated", targetType: "correction", targetId: id, before: snapshotOf(before), after: snapshotOf(row!) });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:correction", "A correction with that original and corrected text already exists.");
    throw error;
  }
}

/**
 * Approves or rejects queued corrections. Approving a flagged correction keeps it and clears the
 * flag; rejecting stops it from being applied or proposed again.
 */
export async function reviewCorrections({ actor, input }: { actor: Actor; input: ReviewInput }): Promise<{ reviewed: number }> {
  assertReviewer(actor);
  if (input.correctedText !== undefined && input.ids.length !== 1) throw new AppError("bad_request:review", "Edit one correction at a time.");
  try {
    return await withTenant(actor, async (tx) => {
      const rows = await tx.select().from(c).where(inArray(c.id, input.ids)).orderBy(asc(c.id)).for("update");
      if (rows.length !== new Set(input.ids).size) throw new AppError("not_found:correction", "Some of those corrections no longer exist. Reload the queue.");
      await reviewRows(tx, actor, rows, input);
      return { reviewed: rows.length };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:correction", "A correction with that original and corrected text already exists.");
    throw error;
  }
}

/**
 * Approves, in one transaction, those of the given suggestions (a clean result's) that are still
 * waiting for review with a stored confidence at or above `minConfidence`; each approval is
 * audited like one from the queue. The others are left as they are.
 */
export async function approveSuggestionsAtOrAbove({ actor, input }: { actor: Actor; input: BulkApproveInput }): Promise<{ approved: number; ids: string[] }> {
  assertReviewer(actor);
  const ids = [...new Set(input.ids)].slice(0, MAX_BULK_APPROVE);
  return withTenant(actor, async (tx) => {
    const rows = await tx
      .select()
      .from(c)
      .where(and(inArray(c.id, ids), eq(c.status, "suggested"), gte(c.confidence, input.minConfidence)))
      .orderBy(asc(c.id))
      .for("update");
    await reviewRows(tx, actor, rows, { decision: "approve" });
    return { approved: rows.length, ids: rows.map((r) => r.id) };
  });
}

/** Writes each row's review and its audit entry: the one path for the queue and bulk approval. */
async function reviewRows(tx: Transaction, actor: Actor, rows: TenantCorrection[], input: Pick<ReviewInput, "decision" | "correctedText">): Promise<void> {
  const now = new Date();
  for (const before of rows) {
    const approve = input.decision === "approve";
    const correctedText = input.correctedText ?? before.correctedText;
    if (approve && correctedText === before.originalText) throw new AppError("bad_request:correction", "The corrected text is the same as the original.");
    const [row] = await tx
      .update(c)
      .set({
        status: approve ? "approved" : "rejected",
        correctedText,
        confidence: approve && before.status !== "approved" ? confidenceAfterApproval(before.confidence) : before.confidence,
        reviewReason: null,
        reviewedBy: actor.userId ?? null,
        reviewedAt: now,
        updatedAt: now,
      })
      .where(eq(c.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      action: approve ? "correction.approved" : "correction.rejected",
      targetType: "correction",
      targetId: before.id,
      before: snapshotOf(before),
      after: snapshotOf(row!),
    });
  }
}

/**
 * Someone checked an applied correction and says whether it was right. Updates the counts and
 * the confidence; a correction that keeps failing drops a level and returns to the review queue.
 */
export async function reportOutcome({
  actor,
  correctionId,
  successful,
  applicationId,
}: {
  actor: Actor;
  correctionId: string;
  successful: boolean;
  applicationId?: string;
}): Promise<TenantCorrection> {
  return withTenant(actor, async (tx) => {
    const before = await lockCorrection(tx, correctionId);
    const now = new Date();
    if (applicationId) {
      const [updated] = await tx
        .update(correctionHistory)
        .set({ wasSuccessful: successful, reportedAt: now })
        .where(and(eq(correctionHistory.id, applicationId), eq(correctionHistory.correctionId, correctionId), sql`${correctionHistory.wasSuccessful} IS NULL`))
        .returning({ id: correctionHistory.id });
      if (!updated) throw new AppError("conflict:application", "That application was already reported, or it belongs to another correction.");
    } else {
      await tx.insert(correctionHistory).values({
        tenantId: actor.tenantId,
        correctionId,
        originalText: before.originalText,
        correctedText: before.correctedText,
        occurrences: 0,
        wasSuccessful: successful,
        reportedAt: now,
        appliedAt: now,
      });
    }
    const recent = await tx
      .select({ ok: correctionHistory.wasSuccessful })
      .from(correctionHistory)
      .where(and(eq(correctionHistory.correctionId, correctionId), isNotNull(correctionHistory.wasSuccessful)))
      .orderBy(desc(correctionHistory.reportedAt), desc(correctionHistory.id))
      .limit(RECENT_OUTCOMES);
    const next = confidenceAfterOutcome(before.confidence, recent.map((r) => r.ok === true));
    const [row] = await tx
      .update(c)
      .set({
        confidence: next.confidence,
        successCount: before.successCount + (successful ? 1 : 0),
        failureCount: before.failureCount + (successful ? 0 : 1),
        reviewReason: next.flagReason ?? before.reviewReason,
        updatedAt: now,
      })
      .where(eq(c.id, correctionId))
      .returning();
    await recordAudit(tx, actor, {
      action: successful ? "correction.reported_success" : "correction.reported_failure",
      targetType: "correction",
      targetId: correctionId,
      before: { confidence: before.confidence },
      after: { confidence: row!.confidence, flagged: next.flagReason },
    });
    return row!;
  });
}

/** Per day: occurrences applied, and outcomes reported right and wrong, plus the latest entries. */
export async function getCorrectionHistory({ actor, id, days = 90 }: { actor: Actor; id: string; days?: number }) {
  return withTenant(actor, async (tx) => {
    const [correction] = await tx.select().from(c).where(eq(c.id, id));
    if (!correction) throw new AppError("not_found:correction", "That correction does not exist in this workspace.");
    const h = correctionHistory;
    const since = sql`now() - make_interval(days => ${days})`;
    const daily = await tx
      .select({
        day: sql<string>`to_char(date_trunc('day', ${h.appliedAt} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
        applied: sql<number>`coalesce(sum(${h.occurrences}), 0)`.mapWith(Number),
        succeeded: sql<number>`count(*) FILTER (WHERE ${h.wasSuccessful})`.mapWith(Number),
        failed: sql<number>`count(*) FILTER (WHERE NOT ${h.wasSuccessful})`.mapWith(Number),
      })
      .from(h)
      .where(and(eq(h.correctionId, id), sql`${h.appliedAt} >= ${since}`))
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    const recent = await tx.select().from(h).where(eq(h.correctionId, id)).orderBy(desc(h.appliedAt)).limit(20);
    return { correction, daily, recent };
  });
}
