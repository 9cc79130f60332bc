import { eq } from "drizzle-orm";
import { isUniqueViolation } from "@/db/connect";
import { memberships, tenants, type Tenant } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { countHits, describeWait, peekHits } from "@/lib/rate-limits/counter";
import { displayNameSchema } from "@/lib/security/display-text";
import { getStorage } from "@/lib/storage";
import { tenantPrefix } from "@/lib/storage/object-storage";
import type { Actor } from "./actor";
import { withSystem, withTenant } from "./with-tenant";

export const tenantNameSchema = displayNameSchema({ min: 2, max: 80, tooShort: "Use at least 2 characters." });
const SLUG_TAKEN = "That address is already taken. Choose another.";

/** "Taken" answers per person an hour: enough to find a free address, too few to list the workspaces. */
export const SLUG_TAKEN_PER_HOUR = 10;

const slugProbeKey = (who: string) => `slug-taken:${who}`;

async function refuseSlugProbing(who: string): Promise<void> {
  const [seen] = await peekHits([slugProbeKey(who)]);
  if (seen && seen.count >= SLUG_TAKEN_PER_HOUR) {
    throw new AppError("rate_limited:slug", `You chose ${SLUG_TAKEN_PER_HOUR} addresses that were taken within an hour. Try again in ${describeWait(seen.resetSeconds)}, or pick a more distinctive one.`);
  }
}

async function slugTaken(who: string): Promise<AppError> {
  await countHits([slugProbeKey(who)], 3600);
  return new AppError("conflict:slug", SLUG_TAKEN);
}

/** Creates a workspace with the user as its owner. */
export async function createTenant({ user, name, slug }: { user: { id: string; email: string }; name: string; slug: string }): Promise<Tenant> {
  await refuseSlugProbing(user.id);
  try {
    return await withSystem("create a workspace", async (tx) => {
      const [tenant] = await tx.insert(tenants).values({ name, slug }).returning();
      await tx.insert(memberships).values({ userId: user.id, tenantId: tenant!.id, role: "owner" });
      await recordAudit(tx, { tenantId: tenant!.id, userId: user.id, email: user.email }, {
        action: "tenant.created",
        targetType: "tenant",
        targetId: tenant!.id,
        after: { name, slug },
      });
      return tenant!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await slugTaken(user.id);
    throw error;
  }
}

export async function renameTenant({ actor, name, slug }: { actor: Actor; name: string; slug: string }): Promise<Tenant> {
  const who = actor.userId ?? actor.apiKeyId ?? actor.tenantId;
  await refuseSlugProbing(who);
  try {
    return await withTenant(actor, async (tx) => {
      const [before] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
      if (!before) throw new AppError("not_found:tenant");
      const [after] = await tx.update(tenants).set({ name, slug }).where(eq(tenants.id, actor.tenantId)).returning();
      await recordAudit(tx, actor, {
        action: "tenant.renamed",
        targetType: "tenant",
        targetId: actor.tenantId,
        before: { name: before.name, slug: before.slug },
        after: { name, slug },
      });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await slugTaken(who);
    throw error;
  }
}

/**
 * Deletes the workspace and everything it owns: rows go by cascade, files by prefix. The audit entry
 * is written outside the tenant (tenant_id null), since the tenant's own log goes with it.
 */
export async function deleteTenant({ actor, confirmName }: { actor: Actor; confirmName: string }): Promise<void> {
  const deleted = await withTenant(actor, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
    if (!tenant) throw new AppError("not_found:tenant");
    if (confirmName.trim() !== tenant.name) {
      throw new AppError("bad_request:confirm", `Type the workspace's name, “${tenant.name}”, exactly to confirm.`);
    }
    await tx.delete(tenants).where(eq(tenants.id, actor.tenantId));
    return tenant;
  });
  await withSystem("audit a deleted workspace", (tx) =>
    recordAudit(tx, { tenantId: null, userId: actor.userId, email: actor.email }, {
      action: "tenant.deleted",
      targetType: "tenant",
      targetId: deleted.id,
      before: { name: deleted.name, slug: deleted.slug },
    }),
  );
  await getStorage()
    .deletePrefix(tenantPrefix(deleted.id))
    .catch((error: unknown) => console.error("removing a deleted workspace's files failed", { error, tenantId: deleted.id }));
}
