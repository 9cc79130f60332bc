import path from "node:path";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { and, eq } from "drizzle-orm";
import { openPglite, type DatabaseHandle } from "@/db/connect";
import { memberships, tenants, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { createApiKey } from "@/lib/api-keys/api-keys-service";
import { LocalStorage } from "@/lib/storage/local-storage";

/** The demo workspace's owner: who the benches act as. */
export async function demoOwner(handle: DatabaseHandle): Promise<{ userId: string; tenantId: string; email: string }> {
  const [owner] = await handle.db
    .select({ userId: users.id, tenantId: tenants.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(tenants.slug, "demo"), eq(memberships.role, "owner")));
  if (!owner) throw new Error("the demo data has no owner of the demo workspace");
  return owner;
}

/**
 * Migrates, seeds the demo data and creates the load's API key as the demo owner, through the
 * real service, before any server opens the database (the embedded one allows one process).
 */
export async function prepareLoadDatabase(handle: DatabaseHandle, dataDir: string): Promise<string> {
  await handle.migrate();
  await seedDemoData(handle, new LocalStorage(path.join(dataDir, "files")));
  const owner = await demoOwner(handle);
  const { secret } = await createApiKey({
    actor: { ...owner, role: "owner" },
    input: { name: "Load benchmark", scopes: ["documents:read", "documents:write", "search:run", "corrections:write"], expiresAt: null },
  });
  return secret;
}

/**
 * DATABASE_URL mode's server: a PGlite on `dataDir` served over the PostgreSQL protocol. It runs
 * in its own process so its WASM work neither stalls the load generator's clock nor hides in its RSS.
 * Prints one JSON line (`{ apiKey }`) once it listens; stops on SIGTERM.
 */
async function serve(dataDir: string, port: number): Promise<void> {
  const handle = await openPglite(path.join(dataDir, "pglite"));
  const apiKey = await prepareLoadDatabase(handle, dataDir);
  // pglite-socket serves one connection at a time; the console connects with DATABASE_POOL_MAX=1.
  const server = new PGLiteSocketServer({ db: handle.pglite!, host: "127.0.0.1", port, maxConnections: 1 });
  await server.start();
  process.once("SIGTERM", () => {
    void server
      .stop()
      .then(() => handle.close())
      .finally(() => process.exit(0));
  });
  console.log(JSON.stringify({ apiKey }));
}

if (process.argv[1]?.endsWith("load-database.ts")) {
  const [dataDir, port] = process.argv.slice(2);
  serve(dataDir!, Number(port)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
