import { and, asc, count, desc, eq, ilike, isNull, or, sql } from "drizzle-orm";
import { containsPattern, queryRows } from "@/db/connect";
import { documents, memberships, passwordResetTokens, tenants, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { newLinkToken } from "@/lib/auth/tokens";
import { nextSessionVersion } from "@/lib/auth/users";
import { browserUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withSystem } from "@/lib/tenancy/with-tenant";

type Superuser = { id: string; email: string; isSuperuser: boolean };

function assertSuperuser(user: Superuser): void {
  if (!user.isSuperuser) throw new AppError("forbidden:superuser", "Only superusers can do this.");
}

const audit = (user: Superuser) => ({ tenantId: null, userId: user.id, email: user.email });

export interface TenantOverview {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  members: number;
  documents: number;
  chunks: number;
  storageBytes: number;
  /** Searches in the last 30 days. */
  queries30d: number;
  /** Corrections applied (occurrences) in the last 30 days. */
  corrections30d: number;
  pendingReviews: number;
}

/** Every workspace with its usage and query volume, computed in SQL. */
export async function listTenantsOverview({ user }: { user: Superuser }): Promise<TenantOverview[]> {
  assertSuperuser(user);
  return withSystem("superuser overview of all workspaces", (tx) =>
    tx
      .select({
        id: tenants.id,
        name: tenants.name,
        slug: tenants.slug,
        createdAt: tenants.createdAt,
        // Qualified by hand: drizzle renders a lone table's columns unqualified, which a
        // subquery would resolve against its own table.
        members: sql<number>`(select count(*)::int from ${memberships} m where m.tenant_id = tenants.id)`,
        documents: sql<number>`(select count(*)::int from ${documents} d where d.tenant_id = tenants.id)`,
        chunks: sql<number>`(select count(*)::int from chunks c where c.tenant_id = tenants.id)`,
        storageBytes: sql<number>`(select coalesce(sum(d.file_size), 0)::float8 from ${documents} d where d.tenant_id = tenants.id)`,
        queries30d: sql<number>`(select count(*)::int from evaluation_runs r where r.tenant_id = tenants.id and r.created_at >= now() - interval '30 days')`,
        corrections30d: sql<number>`(select coalesce(sum(h.occurrences), 0)::int from correction_history h where h.tenant_id = tenants.id and h.applied_at >= now() - interval '30 days')`,
        pendingReviews: sql<number>`(select count(*)::int from tenant_corrections tc where tc.tenant_id = tenants.id and (tc.status = 'suggested' or (tc.status = 'approved' and tc.review_reason is not null)))`,
      })
      .from(tenants)
      .orderBy(asc(tenants.name)),
  );
}

export interface UserOverview {
  id: string;
  email: string;
  fullName: string;
  isActive: boolean;
  isSuperuser: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  workspaces: number;
}

export async function listUsers({ user, query, page, pageSize }: { user: Superuser; query?: string; page: number; pageSize: number }): Promise<{ users: UserOverview[]; total: number }> {
  assertSuperuser(user);
  const pattern = query ? containsPattern(query) : undefined;
  const where = pattern ? or(ilike(users.email, pattern), ilike(users.fullName, pattern)) : undefined;
  return withSystem("superuser list of users", async (tx) => {
    const rows = await tx
      .select({
        id: users.id,
        email: users.email,
        fullName: users.fullName,
        isActive: users.isActive,
        isSuperuser: users.isSuperuser,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
        workspaces: sql<number>`(select count(*)::int from ${memberships} m where m.user_id = users.id)`,
      })
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), asc(users.email))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [total] = await tx.select({ n: count() }).from(users).where(where);
    return { users: rows, total: total?.n ?? 0 };
  });
}

export async function setUserActive({ user, userId, active }: { user: Superuser; userId: string; active: boolean }): Promise<void> {
  assertSuperuser(user);
  if (userId === user.id && !active) throw new AppError("bad_request:self", "You cannot deactivate your own account.");
  await withSystem("superuser (de)activates a user", async (tx) => {
    const [before] = await tx.select({ isActive: users.isActive }).from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw new AppError("not_found:user");
    if (!active) {
      // Never leave a workspace without an owner who can still sign in.
      const orphaned = await queryRows<{ name: string }>(
        tx,
        sql`select t.name from memberships m join tenants t on t.id = m.tenant_id
            where m.user_id = ${userId} and m.role = 'owner'
              and not exists (select 1 from memberships o join users u on u.id = o.user_id
                              where o.tenant_id = m.tenant_id and o.role = 'owner' and o.user_id <> ${userId} and u.is_active)`,
      );
      if (orphaned.length) {
        throw new AppError("conflict:last_owner", `This is the only active owner of ${orphaned.map((o) => o.name).join(", ")}. Make someone else an owner there first.`);
      }
    }
    // Deactivation also ends the sessions, so reactivating later does not revive them.
    await tx
      .update(users)
      .set(active ? { isActive: true } : { isActive: false, sessionVersion: nextSessionVersion() })
      .where(eq(users.id, userId));
    await recordAudit(tx, audit(user), { action: active ? "user.reactivated" : "user.deactivated", targetType: "user", targetId: userId, before, after: { isActive: active } });
  });
}

export async function setSuperuser({ user, userId, value }: { user: Superuser; userId: string; value: boolean }): Promise<void> {
  assertSuperuser(user);
  await withSystem("superuser grants or revokes superuser", async (tx) => {
    // Lock every superuser row so two revocations cannot both pass the "never the last" rule.
    const supers = await tx.select({ id: users.id }).from(users).where(and(eq(users.isSuperuser, true), eq(users.isActive, true))).for("update");
    const [target] = await tx.select({ isSuperuser: users.isSuperuser }).from(users).where(eq(users.id, userId)).for("update");
    if (!target) throw new AppError("not_found:user");
    if (target.isSuperuser === value) return;
    if (!value && supers.length <= 1 && supers.some((s) => s.id === userId)) {
      throw new AppError("forbidden:last_superuser", "This is the last active superuser. Make someone else a superuser first.");
    }
    await tx.update(users).set({ isSuperuser: value }).where(eq(users.id, userId));
    await recordAudit(tx, audit(user), { action: value ? "user.superuser_granted" : "user.superuser_revoked", targetType: "user", targetId: userId, before: target, after: { isSuperuser: value } });
  });
}

export const RESET_TTL_HOURS = 24;

/** A one-time password reset link for a user, shown to the superuser to pass on. */
export async function issuePasswordReset({ user, userId, requestOrigin }: { user: Superuser; userId: string; requestOrigin?: string }): Promise<{ link: string; expiresAt: Date }> {
  assertSuperuser(user);
  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_HOURS * 3_600_000);
  await withSystem("superuser issues a reset link", async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!target) throw new AppError("not_found:user");
    // One live link per user: a new one replaces any earlier one still unused.
    await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
    await tx.insert(passwordResetTokens).values({ userId, tokenHash, expiresAt, createdBy: user.id });
    await recordAudit(tx, audit(user), { action: "user.password_reset_issued", targetType: "user", targetId: userId, after: { expiresAt } });
  });
  // Shown to the superuser to pass on: on the origin their browser reached, unless PUBLIC_URL names one.
  return { link: browserUrl(`/reset/${token}`, requestOrigin), expiresAt };
}
