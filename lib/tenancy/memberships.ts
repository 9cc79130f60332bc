import { slugSchema } from "./slug";
import { and, asc, eq } from "drizzle-orm";
import { memberships, tenants, type Role } from "@/db/schema";
import type { Actor } from "./actor";
import { withSystem } from "./with-tenant";

export interface TenantMembership {
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
  /** Only a session that signed in through single sign-on may open it (superusers excepted). */
  requireSso: boolean;
}

/** The tenants a user belongs to, for the switcher; sign-in resolution is above any one tenant. */
export function listMembershipsForUser({ userId }: { userId: string }): Promise<TenantMembership[]> {
  return withSystem("list the signed-in user's memberships", (tx) =>
    tx
      .select({ tenantId: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role, requireSso: tenants.requireSso })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(tenants.name)),
  );
}

/** The actor for a user acting in the tenant with this slug, or null when they are not a member. */
export async function resolveTenantActor({
  user,
  slug,
}: {
  user: { id: string; email: string; isSuperuser: boolean };
  slug: string;
}): Promise<{ actor: Actor; tenant: { id: string; slug: string; name: string }; requireSso: boolean } | null> {
  // A page address that cannot be a slug (a NUL, a control character) names no workspace: no query.
  if (!slugSchema.safeParse(slug).success) return null;
  const [row] = await withSystem("resolve the user's membership for a request", (tx) =>
    tx
      .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role, requireSso: tenants.requireSso })
      .from(tenants)
      .innerJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, user.id)))
      .where(eq(tenants.slug, slug))
      .limit(1),
  );
  if (!row) return null;
  return {
    actor: { tenantId: row.id, role: row.role, userId: user.id, email: user.email, isSuperuser: user.isSuperuser },
    tenant: { id: row.id, slug: row.slug, name: row.name },
    requireSso: row.requireSso,
  };
}
