import { eq } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { can, type Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { resolveTenantActor } from "@/lib/tenancy/memberships";
import { withSystem } from "@/lib/tenancy/with-tenant";
import type { RequestContext } from "./request-context";

export interface TenantAccess {
  actor: Actor;
  tenant: { id: string; slug: string; name: string };
}

export async function auditRefusal(ctx: RequestContext, tenantId: string | null, scope: Scope, reason: string) {
  await withSystem("audit a refused access", (tx) =>
    recordAudit(
      tx,
      { tenantId, userId: ctx.user?.id, email: ctx.user?.email },
      { action: "access.denied", details: { scope, reason }, ip: ctx.ip },
    ),
  );
}

/**
 * The actor for a caller in the workspace `slug`, with `scope` checked: 401 without a user, 403 for
 * a non-member or a role without the scope (audited). Superusers act in any workspace as owners.
 */
export async function resolveActor(ctx: RequestContext, slug: string, scope: Scope): Promise<TenantAccess> {
  const user = ctx.user;
  if (!user) throw new AppError("unauthorized:session");
  const access = await resolveTenantActor({ user, slug });
  // Superusers act as owners everywhere, also where their own membership has a lower role.
  if (access && user.isSuperuser) return { tenant: access.tenant, actor: { ...access.actor, role: "owner", isSuperuser: true } };
  if (access) {
    if (can(access.actor.role, scope)) return access;
    await auditRefusal(ctx, access.tenant.id, scope, `role ${access.actor.role} lacks ${scope}`);
    throw new AppError("forbidden:scope");
  }
  const [tenant] = await withSystem("find a workspace by slug", (tx) =>
    tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.slug, slug)).limit(1),
  );
  if (tenant && user.isSuperuser) {
    return {
      tenant,
      actor: { tenantId: tenant.id, role: "owner", userId: user.id, email: user.email, isSuperuser: true },
    };
  }
  await auditRefusal(ctx, tenant?.id ?? null, scope, "not a member");
  throw new AppError("forbidden:tenant", "You are not a member of this workspace.");
}
