import type { Transaction } from "@/db/client";
import { auditLog, type AuditActor } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
  ip?: string;
}

/** Appends an audit entry in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(
  tx: Transaction,
  actor: Pick<Actor, "userId" | "apiKeyId" | "email"> & { tenantId: string | null },
  event: AuditEvent,
): Promise<void> {
  const who: AuditActor = { userId: actor.userId, apiKeyId: actor.apiKeyId, email: actor.email };
  const details: Record<string, unknown> = { ...event.details };
  if (event.before !== undefined) details.before = event.before;
  if (event.after !== undefined) details.after = event.after;
  await tx.insert(auditLog).values({
    tenantId: actor.tenantId,
    actor: who,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    details,
    ip: event.ip,
  });
}
