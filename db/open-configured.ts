import { readEnv } from "@/lib/env";
import { openPglite, openPostgres, refuseUnrestrictedRoles, type DatabaseHandle } from "./connect";

/**
 * Opens the configured database (embedded, or DATABASE_URL with a pool of `poolMax`) without making
 * it the process-wide one. Refuses one whose application roles bypass row level security (see
 * refuseUnrestrictedRoles): every request relies on it.
 */
export async function openConfiguredDatabase({ poolMax = 1 }: { poolMax?: number } = {}): Promise<DatabaseHandle> {
  const env = readEnv();
  return refuseUnrestrictedRoles(env.DATABASE_URL ? openPostgres(env.DATABASE_URL, poolMax) : await openPglite(env.pgliteDir));
}
