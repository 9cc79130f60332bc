import { eq } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { authenticateApiKey, type KeyAccess } from "@/lib/api-keys/api-keys-service";
import { recordAudit } from "@/lib/audit/record-audit";
import { can, type Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { resolveTenantActor } from "@/lib/tenancy/memberships";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { assertKeyAttemptsAllowed, countInvalidKey } from "./rate-limit";
import type { RequestContext } from "./request-context";

export interface TenantAccess {
  actor: Actor;
  tenant: { id: string; slug: string; name: string };
}

export const SSO_REQUIRED_MESSAGE = "This workspace requires single sign-on. Sign in with your organisation's identity provider to open it.";

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
  if (access?.requireSso && user.signedInWith !== "sso") {
    await auditRefusal(ctx, access.tenant.id, scope, "single sign-on required; the session signed in with a password");
    throw new AppError("forbidden:sso_required", SSO_REQUIRED_MESSAGE);
  }
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

/** The access an API key gives: an address that presented too many invalid keys lately is refused before the key is looked up, and each invalid one counts. */
export async function authenticateKey(key: string, ip: string | undefined): Promise<KeyAccess> {
  await assertKeyAttemptsAllowed(ip);
  return authenticateApiKey(key).catch(async (error: unknown) => {
    if (error instanceof AppError && error.code === "unauthorized:api_key") await countInvalidKey(ip);
    throw error;
  });
}

/** A key acts in its own workspace only, with its own scopes: 403 (audited) for a scope it lacks. */
export async function authorizeKey(ctx: RequestContext, key: KeyAccess, scope: Scope): Promise<TenantAccess> {
  if (key.scopes.includes(scope)) return { actor: key.actor, tenant: key.tenant };
  await auditRefusal(ctx, key.tenant.id, scope, `API key ${key.actor.apiKeyId} lacks ${scope}`);
  throw new AppError("forbidden:scope", `This API key does not have the ${scope} permission. Create a key that has it.`);
}
