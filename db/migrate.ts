import { loadEnvConfig } from "@next/env";
import { readEnv } from "@/lib/env";
import { openPglite, openPostgres, refuseUnrestrictedRoles, type DatabaseHandle } from "./connect";

/**
 * Opens the configured database (embedded or DATABASE_URL) without making it the process-wide one.
 * Refuses one whose application roles bypass row level security (see refuseUnrestrictedRoles).
 */
export async function openConfiguredDatabase({ poolMax = 1 }: { poolMax?: number } = {}): Promise<DatabaseHandle> {
  const env = readEnv();
  return refuseUnrestrictedRoles(env.DATABASE_URL ? openPostgres(env.DATABASE_URL, poolMax) : await openPglite(env.pgliteDir));
}

async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const handle = await openConfiguredDatabase();
  try {
    await handle.migrate();
    console.log(`migrations applied (${handle.driver})`);
  } finally {
    await handle.close();
  }
}

if (process.argv[1]?.endsWith("migrate.ts")) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
