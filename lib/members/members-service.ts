import { and, asc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { containsPattern } from "@/db/connect";
import { apiKeys, invitations, memberships, users, type Role } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { can, type Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { roleChangeRefusal } from "./role-rules";

export interface MemberRow {
  userId: string;
  email: string;
  fullName: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers({ actor, query }: { actor: Actor; query?: string }): Promise<MemberRow[]> {
  const pattern = query ? containsPattern(query) : undefined;
  return withTenant(actor, (tx) =>
    tx
      .select({ userId: users.id, email: users.email, fullName: users.fullName, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(pattern ? or(ilike(users.email, pattern), ilike(users.fullName, pattern)) : undefined)
      .orderBy(asc(memberships.createdAt), asc(users.email)),
  );
}

/** Locks the tenant's owner rows so two concurrent demotions cannot both pass the last-owner rule. */
async function lockOwnerCount(tx: Transaction): Promise<number> {
  const owners = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.role, "owner")).for("update");
  return owners.length;
}

async function getMembership(tx: Transaction, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId))
    .for("update", { of: memberships });
  if (!row) throw new AppError("not_found:member", "That person is not a member of this workspace.");
  return row;
}

export async function changeMemberRole({ actor, userId, role }: { actor: Actor; userId: string; role: Role }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const ownerCount = await lockOwnerCount(tx);
    const target = await getMembership(tx, userId);
    if (target.role === role) return;
    const refusal = roleChangeRefusal({ actorRole: actor.role, currentRole: target.role, newRole: role, ownerCount });
    if (refusal) throw new AppError("forbidden:role_change", refusal);
    await tx.update(memberships).set({ role }).where(eq(memberships.userId, userId));
    await recordAudit(tx, actor, {
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      before: { role: target.role },
      after: { role },
      details: { email: target.email },
    });
    await revokeInvitationsBeyond(tx, actor, { userId, email: target.email }, role);
    // Their keys now do only what the new role allows (authenticateApiKey narrows them); say which.
    const keys = await tx.select().from(apiKeys).where(and(eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)));
    for (const key of keys) {
      const kept = key.scopes.filter((scope) => can(role, scope as Scope));
      if (kept.length === key.scopes.length) continue;
      await recordAudit(tx, actor, {
        action: kept.length ? "api_keys.narrowed" : "api_keys.suspended",
        targetType: "api_key",
        targetId: key.id,
        before: { scopes: key.scopes },
        after: { scopes: kept },
        details: { name: key.name, prefix: key.prefix, reason: `its creator ${target.email} is now ${role}` },
      });
    }
  });
}

/**
 * Pending invitations a member sent that their role (null: no longer a member) does not allow them
 * to send any more are revoked: the inviter sees the link, so a live one would let them set the
 * password of its address after losing the right. Audited one by one with the reason.
 */
async function revokeInvitationsBeyond(tx: Transaction, actor: Actor, inviter: { userId: string; email: string }, role: Role | null): Promise<void> {
  const pending = await tx.select().from(invitations).where(and(eq(invitations.invitedBy, inviter.userId), isNull(invitations.acceptedAt)));
  for (const invitation of pending) {
    const allowed = role !== null && can(role, "members:invite") && (invitation.role !== "owner" || role === "owner");
    if (allowed) continue;
    await tx.delete(invitations).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, actor, {
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: invitation.id,
      before: { email: invitation.email, role: invitation.role },
      details: { reason: role ? `its inviter ${inviter.email} is now ${role}` : `its inviter ${inviter.email} left the workspace` },
    });
  }
}

async function deleteMembership(tx: Transaction, actor: Actor, userId: string, action: string): Promise<void> {
  const ownerCount = await lockOwnerCount(tx);
  const target = await getMembership(tx, userId);
  const actorRole = action === "member.left" ? target.role : actor.role;
  const refusal = roleChangeRefusal({ actorRole, currentRole: target.role, newRole: null, ownerCount });
  if (refusal) throw new AppError("forbidden:role_change", refusal);
  await tx.delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.tenantId, actor.tenantId)));
  await recordAudit(tx, actor, {
    action,
    targetType: "user",
    targetId: userId,
    before: { role: target.role, email: target.email },
    after: null,
  });
  await revokeInvitationsBeyond(tx, actor, { userId, email: target.email }, null);
  // A key never outlives its creator's membership.
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
    .returning();
  for (const key of revoked) {
    await recordAudit(tx, actor, {
      action: "api_keys.revoke",
      targetType: "api_key",
      targetId: key.id,
      before: { name: key.name, prefix: key.prefix, scopes: key.scopes },
      details: { reason: `its creator ${target.email} left the workspace` },
    });
  }
}

export async function removeMember({ actor, userId }: { actor: Actor; userId: string }): Promise<void> {
  if (userId === actor.userId) throw new AppError("bad_request:member", "To leave the workspace yourself, use “Leave workspace”.");
  await withTenant(actor, (tx) => deleteMembership(tx, actor, userId, "member.removed"));
}

export async function leaveTenant({ actor }: { actor: Actor }): Promise<void> {
  if (!actor.userId) throw new AppError("bad_request:member", "Only a signed-in member can leave a workspace.");
  await withTenant(actor, (tx) => deleteMembership(tx, actor, actor.userId!, "member.left"));
}

export async function countOwners({ actor }: { actor: Actor }): Promise<number> {
  const [row] = await withTenant(actor, (tx) =>
    tx.select({ n: sql<number>`count(*)::int` }).from(memberships).where(eq(memberships.role, "owner")),
  );
  return row?.n ?? 0;
}
