import { readEnv } from "@/lib/env";
import { openEmbeddedSocket, openPglite, openPostgres, refuseUnrestrictedRoles, type DatabaseHandle } from "./connect";

/**
 * Opens the configured database (DATABASE_URL with a pool of `poolMax`, the embedded one's own process
 * when `npm start` runs one, else the embedded one in this process) without making
 * it the process-wide one. Refuses one whose application roles bypass row level security (see
 * refuseUnrestrictedRoles): every request relies on it.
 */
export async function openConfiguredDatabase({ poolMax = 1 }: { poolMax?: number } = {}): Promise<DatabaseHandle> {
  const env = readEnv();
  if (env.DATABASE_URL) return refuseUnrestrictedRoles(openPostgres(env.DATABASE_URL, poolMax));
  if (env.EMBEDDED_DATABASE_SOCKET) return refuseUnrestrictedRoles(openEmbeddedSocket(env.EMBEDDED_DATABASE_SOCKET));
  return refuseUnrestrictedRoles(await openPglite(env.pgliteDir));
}
