import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { LocalStorage } from "@/lib/storage/local-storage";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { setDatabase } from "@/db/client";
import { clonePglite } from "@/lib/testing/test-database";
import { openPglite, wrapPglite, type DatabaseHandle } from "./connect";
import { correctionHistory, documents, evaluationRuns, memberships, tenantContext, tenantCorrections, tenants, users } from "./schema";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoData } from "./seed";

async function tableCounts() {
  return withSystem("test counts", async (tx) => {
    const n = async (table: PgTable) => (await tx.select({ n: count() }).from(table))[0]!.n;
    return {
      users: await n(users),
      tenants: await n(tenants),
      memberships: await n(memberships),
      documents: await n(documents),
      evaluationRuns: await n(evaluationRuns),
      corrections: await n(tenantCorrections),
      glossary: await n(tenantContext),
      correctionHistory: await n(correctionHistory),
    };
  });
}

describe("demo seed on a persistent data directory", () => {
  let dir: string;
  let handle: DatabaseHandle;
  let storage: LocalStorage;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-seed-"));
    storage = new LocalStorage(path.join(dir, "files"));
    // Materialise the migrated template as a real data directory, as `npm start` leaves one.
    const template = await clonePglite();
    const dump = await template.dumpDataDir("none");
    await template.close();
    const onDisk = await PGlite.create({ dataDir: path.join(dir, "pglite"), loadDataDir: dump, extensions: { vector } });
    handle = wrapPglite(onDisk);
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("fills an empty database with the demo tenants, roles and data", async () => {
    expect(await isDatabaseEmpty(handle)).toBe(true);
    await seedDemoData(handle, storage);
    expect(await isDatabaseEmpty(handle)).toBe(false);

    const counts = await tableCounts();
    // One history row per recorded use of the two approved demo corrections (12 + 7).
    expect(counts).toMatchObject({ users: 6, tenants: 2, memberships: 5, documents: 5, corrections: 4, glossary: 5, correctionHistory: 19 });
    // 60 days of runs, a few dozen on a working day.
    expect(counts.evaluationRuns).toBeGreaterThan(2000);

    const roles = await withSystem("test", (tx) =>
      tx.select({ email: users.email, role: memberships.role, slug: tenants.slug })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId)),
    );
    expect(roles.filter((r) => r.slug === "demo").map((r) => r.role).sort()).toEqual(["admin", "member", "owner", "viewer"]);
    expect(roles.filter((r) => r.slug === "acme").map((r) => r.role)).toEqual(["owner"]);

    const [superuser] = await handle.db.select().from(users).where(eq(users.isSuperuser, true));
    expect(superuser?.email).toBe(DEMO_ACCOUNTS.find((a) => a.superuser)!.email);
    expect(await verifyPassword(superuser!.passwordHash!, DEMO_PASSWORD)).toBe(true);

    const docs = await withSystem("test", (tx) => tx.select().from(documents));
    for (const doc of docs) {
      expect(doc.status).toBe("pending");
      expect(await storage.exists(doc.storageKey)).toBe(true);
    }
  });

  it("is idempotent, and everything survives closing and reopening the data directory", async () => {
    const before = await tableCounts();
    await seedDemoData(handle, storage);
    expect(await tableCounts()).toEqual(before);

    await handle.close();
    handle = await openPglite(path.join(dir, "pglite"));
    setDatabase(handle);
    await handle.migrate();
    expect(await isDatabaseEmpty(handle)).toBe(false);
    expect(await tableCounts()).toEqual(before);
  });
});
