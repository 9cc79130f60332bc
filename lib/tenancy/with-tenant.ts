import { sql } from "drizzle-orm";
import { getDatabase, type Transaction } from "@/db/client";
import { AppError } from "@/lib/errors";
import { uuidSchema, type Actor } from "./actor";

async function transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const { db } = await getDatabase();
  return db.transaction(fn);
}

/**
 * Runs `fn` in a transaction bound to the actor's tenant. The transaction switches to the
 * non-superuser role `tkc_app`, whose row level security policies only show rows of
 * `app.tenant_id`: a query that forgets its tenant filter still sees only this tenant.
 */
export async function withTenant<T>(actor: Actor, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (!uuidSchema.safeParse(actor.tenantId).success) throw new AppError("bad_request:tenant", "Unknown workspace.");
  return transaction(async (tx) => {
    await tx.execute(sql`set local role tkc_app`);
    await tx.execute(
      sql`select set_config('app.tenant_id', ${actor.tenantId}, true), set_config('app.user_id', ${actor.userId ?? ""}, true)`,
    );
    return fn(tx);
  });
}

/**
 * Runs `fn` as `tkc_system`, which sees every tenant. Only for work that is above one tenant by
 * nature: sign-in lookups, the worker's claim, superuser overviews. `reason` keeps call sites honest.
 */
export async function withSystem<T>(reason: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (!reason) throw new Error("withSystem needs a reason");
  return transaction(async (tx) => {
    await tx.execute(sql`set local role tkc_system`);
    return fn(tx);
  });
}

/**
 * The retention job's own path to expired audit entries: `tkc_retention` (SELECT, INSERT and DELETE
 * on audit_log only, every tenant) with the transaction-local `app.audit_purge` flag the append-only
 * trigger requires. The application roles can never delete audit rows. Callers filter by tenant.
 */
export async function withAuditPurge<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return transaction(async (tx) => {
    await tx.execute(sql`set local role tkc_retention`);
    await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
    return fn(tx);
  });
}
