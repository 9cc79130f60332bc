import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { invitations, memberships, tenants, users, type Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { hashLinkToken, newLinkToken } from "@/lib/auth/tokens";
import { warnAccountHolder } from "@/lib/accounts/accounts-service";
import { recordAudit } from "@/lib/audit/record-audit";
import { appUrl, browserUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";

export const INVITATION_TTL_HOURS = 72;

export interface IssuedInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  link: string;
  emailed: boolean;
  /** An earlier link for this address stopped working (links are stored hashed, so one cannot be sent again). */
  replacedLink: boolean;
}

async function deliver(tenantName: string, email: string, role: Role, link: string): Promise<boolean> {
  try {
    return await sendMail({
      to: email,
      subject: `You are invited to ${tenantName}`,
      text: `You have been invited to join ${tenantName} as ${role} on the Knowledge Console.\n\nAccept within ${INVITATION_TTL_HOURS} hours: ${link}\n`,
    });
  } catch (error) {
    // The link is still shown to the inviter, so a mail failure is not fatal.
    console.error("sending an invitation email failed", { error, email });
    return false;
  }
}

/**
 * The invitation link twice: the emailed one on the configured public URL (lib/env.ts appUrl), and
 * the one shown to the inviter on the origin their browser reached, unless PUBLIC_URL names one.
 */
function invitationLinks(token: string, requestOrigin: string | undefined) {
  return { emailLink: appUrl(`/invite/${token}`), link: browserUrl(`/invite/${token}`, requestOrigin) };
}

export async function inviteMember({ actor, email, role, requestOrigin }: { actor: Actor; email: string; role: Role; requestOrigin?: string }): Promise<IssuedInvitation> {
  if (role === "owner" && actor.role !== "owner") throw new AppError("forbidden:invite_owner", "Only an owner can invite someone as owner.");
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_HOURS * 3_600_000);
  const { invitation, tenantName, replacedLink } = await withTenant(actor, async (tx) => {
    const [existing] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(sql`lower(${users.email}) = ${email}`);
    if (existing) throw new AppError("conflict:member", `${email} is already a member of this workspace.`);
    // A new invitation replaces any pending one for the same address.
    const replaced = await tx.delete(invitations).where(and(eq(invitations.email, email), isNull(invitations.acceptedAt))).returning({ id: invitations.id });
    const [row] = await tx
      .insert(invitations)
      .values({ tenantId: actor.tenantId, email, role, tokenHash, expiresAt, invitedBy: actor.userId })
      .returning();
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants);
    await recordAudit(tx, actor, { action: "invitation.created", targetType: "invitation", targetId: row!.id, after: { email, role, expiresAt } });
    return { invitation: row!, tenantName: tenant?.name ?? "a workspace", replacedLink: replaced.length > 0 };
  });
  const { emailLink, link } = invitationLinks(token, requestOrigin);
  const emailed = await deliver(tenantName, email, role, emailLink);
  return { id: invitation.id, email, role, expiresAt, link, emailed, replacedLink };
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
  expired: boolean;
}

export async function listPendingInvitations({ actor }: { actor: Actor }): Promise<PendingInvitation[]> {
  const rows = await withTenant(actor, (tx) =>
    tx
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
      .from(invitations)
      .where(isNull(invitations.acceptedAt))
      .orderBy(asc(invitations.createdAt)),
  );
  const now = Date.now();
  return rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() <= now }));
}

export async function revokeInvitation({ actor, invitationId }: { actor: Actor; invitationId: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [row] = await tx.delete(invitations).where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt))).returning();
    if (!row) throw new AppError("not_found:invitation", "That invitation no longer exists or was already accepted.");
    if (row.role === "owner" && actor.role !== "owner") throw new AppError("forbidden:invite_owner", "Only an owner can revoke an owner invitation.");
    await recordAudit(tx, actor, { action: "invitation.revoked", targetType: "invitation", targetId: row.id, before: { email: row.email, role: row.role } });
  });
}

/** A fresh link and a fresh 72 hours; the old link stops working. */
export async function resendInvitation({ actor, invitationId, requestOrigin }: { actor: Actor; invitationId: string; requestOrigin?: string }): Promise<IssuedInvitation> {
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_HOURS * 3_600_000);
  const { row, tenantName } = await withTenant(actor, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash, expiresAt })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt)))
      .returning();
    if (!row) throw new AppError("not_found:invitation", "That invitation no longer exists or was already accepted.");
    if (row.role === "owner" && actor.role !== "owner") throw new AppError("forbidden:invite_owner", "Only an owner can resend an owner invitation.");
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants);
    await recordAudit(tx, actor, { action: "invitation.resent", targetType: "invitation", targetId: row.id, after: { expiresAt } });
    return { row, tenantName: tenant?.name ?? "a workspace" };
  });
  const { emailLink, link } = invitationLinks(token, requestOrigin);
  const emailed = await deliver(tenantName, row.email, row.role, emailLink);
  return { id: row.id, email: row.email, role: row.role, expiresAt, link, emailed, replacedLink: true };
}

export type InvitationStatus = "valid" | "expired" | "accepted";

export interface InvitationView {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  email: string;
  role: Role;
  status: InvitationStatus;
}

/** What the invitation page shows to whoever holds the link; null when the link is unknown. */
export async function getInvitationByToken({ token }: { token: string }): Promise<InvitationView | null> {
  return withSystem("read an invitation by its link", async (tx) => {
    const [row] = await tx
      .select({
        tenantId: tenants.id,
        tenantName: tenants.name,
        tenantSlug: tenants.slug,
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
        acceptedAt: invitations.acceptedAt,
      })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(eq(invitations.tokenHash, hashLinkToken(token)));
    if (!row) return null;
    const status: InvitationStatus = row.acceptedAt ? "accepted" : row.expiresAt.getTime() <= Date.now() ? "expired" : "valid";
    return { tenantId: row.tenantId, tenantName: row.tenantName, tenantSlug: row.tenantSlug, email: row.email, role: row.role, status };
  });
}

const INVALID_LINK = "This invitation link is not valid any more. Ask the workspace admin to send a new one.";

async function acceptWithin(tx: Transaction, token: string, user: { id: string; email: string }): Promise<string> {
  const [invite] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, hashLinkToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, new Date())))
    .for("update");
  if (!invite) throw new AppError("not_found:invitation", INVALID_LINK);
  if (invite.email !== user.email.toLowerCase()) {
    throw new AppError("forbidden:invitation", `This invitation was sent to ${invite.email}. Sign in with that address to accept it.`);
  }
  await tx.insert(memberships).values({ userId: user.id, tenantId: invite.tenantId, role: invite.role }).onConflictDoNothing();
  await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invite.id));
  await recordAudit(tx, { tenantId: invite.tenantId, userId: user.id, email: user.email }, {
    action: "invitation.accepted",
    targetType: "invitation",
    targetId: invite.id,
    after: { role: invite.role },
  });
  const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, invite.tenantId));
  return tenant!.slug;
}

/** Accepts for a signed-in user, whose email must be the invited one. Returns the workspace slug. */
export function acceptInvitation({ token, user }: { token: string; user: { id: string; email: string } }): Promise<string> {
  return withSystem("accept an invitation", (tx) => acceptWithin(tx, token, user));
}

/** What creating an account from an invitation answers, the same whether or not the address had one. */
export interface InvitedAccountReceipt {
  email: string;
}

/**
 * Creates the invited person's account with their password and accepts, in one transaction. When the
 * address already has an account nothing changes and its holder gets an email, after the same work
 * (the password hash) and with the same answer: whoever holds the link (the inviter can see it)
 * learns nothing about which addresses have accounts. Either way the next step is signing in.
 */
export async function acceptInvitationAsNewUser({ token, fullName, password }: { token: string; fullName: string; password: string }): Promise<InvitedAccountReceipt> {
  const view = await getInvitationByToken({ token });
  if (!view || view.status !== "valid") throw new AppError("not_found:invitation", INVALID_LINK);
  const passwordHash = await hashPassword(password);
  const created = await withSystem("create an invited user's account and accept", async (tx) => {
    const [row] = await tx.insert(users).values({ email: view.email, fullName, passwordHash }).onConflictDoNothing().returning();
    if (!row) {
      // Not in the workspace's audit log: its admins are the ones who must not learn this.
      await recordAudit(tx, { tenantId: null, email: view.email }, { action: "user.signup_existing", targetType: "user", details: { via: "invitation" } });
      return false;
    }
    await recordAudit(tx, { tenantId: null, userId: row.id, email: row.email }, { action: "user.created", targetType: "user", targetId: row.id, details: { via: "invitation" } });
    await acceptWithin(tx, token, row);
    return true;
  });
  if (!created) void warnAccountHolder(view.email, `through an invitation to ${view.tenantName}`);
  return { email: view.email };
}
