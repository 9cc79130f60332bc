import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clonePglite, createWireTestDatabase } from "@/lib/testing/test-database";
import { closeDatabase, getDatabase } from "./client";
import { APPLICATION_ROLES, assertApplicationRolesRestricted, UnrestrictedRoleError, wrapPglite, type DatabaseHandle } from "./connect";
import { openConfiguredDatabase } from "./open-configured";

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("refusing a database whose application roles bypass row level security", () => {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  let dir: string | undefined;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = wrapPglite(await clonePglite());
  });

  afterAll(() => handle?.close());

  afterEach(async () => {
    await handle.pglite!.exec(APPLICATION_ROLES.map((role) => `ALTER ROLE ${role} NOSUPERUSER NOBYPASSRLS;`).join(" "));
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("accepts the roles the migrations create", async () => {
    await expect(assertApplicationRolesRestricted(handle.db)).resolves.toBeUndefined();
  });

  it.each([
    ["tkc_app", "BYPASSRLS"],
    ["tkc_app", "SUPERUSER"],
    ["tkc_system", "BYPASSRLS"],
    ["tkc_system", "SUPERUSER"],
    ["tkc_retention", "BYPASSRLS"],
  ] as const)("throws when %s is %s, naming the role and the statement that fixes it", async (role, attribute) => {
    await handle.pglite!.exec(`ALTER ROLE ${role} ${attribute}`);
    const error = await refusal(assertApplicationRolesRestricted(handle.db));
    expect(error).toBeInstanceOf(UnrestrictedRoleError);
    expect((error as Error).message).toContain(`${role} (${attribute})`);
    expect((error as Error).message).toContain(`ALTER ROLE ${role} NOSUPERUSER NOBYPASSRLS;`);
  });

  it("names every unrestricted role at once", async () => {
    await handle.pglite!.exec("ALTER ROLE tkc_app SUPERUSER BYPASSRLS; ALTER ROLE tkc_system BYPASSRLS");
    const error = await refusal(assertApplicationRolesRestricted(handle.db));
    expect((error as Error).message).toContain("tkc_app (SUPERUSER, BYPASSRLS) and tkc_system (BYPASSRLS)");
  });

  it("checks a PostgreSQL server reached over the wire the same way", async () => {
    const wire = await createWireTestDatabase({ pglite: await clonePglite() });
    try {
      await wire.db.execute("ALTER ROLE tkc_app BYPASSRLS");
      expect(await refusal(assertApplicationRolesRestricted(wire.db))).toBeInstanceOf(UnrestrictedRoleError);
    } finally {
      // createWireTestDatabase installed it as the process-wide handle: close it through that.
      await closeDatabase();
    }
  });

  /** An embedded data directory, migrated, with tkc_app given BYPASSRLS, configured as the app's database. */
  async function configureUnrestrictedDataDir(): Promise<string> {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-roles-"));
    const template = await clonePglite();
    const dump = await template.dumpDataDir("gzip");
    await template.close();
    const pglite = await PGlite.create({ dataDir: path.join(dir, "pglite"), loadDataDir: dump, extensions: { vector } });
    await pglite.exec("ALTER ROLE tkc_app BYPASSRLS");
    await pglite.close();
    process.env.DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    return path.join(dir, "pglite");
  }

  it("the server's database handle refuses to open, is not cached, and leaves the data directory closed", async () => {
    const dataDir = await configureUnrestrictedDataDir();
    try {
      expect(await refusal(getDatabase())).toBeInstanceOf(UnrestrictedRoleError);
      // Not cached: the next request tries again (and is refused again) instead of reusing a handle.
      expect(await refusal(getDatabase())).toBeInstanceOf(UnrestrictedRoleError);
      // Closed: the embedded database allows one process at a time, so a refused open must not hold
      // it. PGlite itself locks nothing; the lock file is what a leaked handle would leave.
      expect(existsSync(path.join(dataDir, "tkc.pid"))).toBe(false);
    } finally {
      await closeDatabase();
    }
  });

  it("`npm start`, the worker and db:migrate (openConfiguredDatabase) refuse it too", async () => {
    await configureUnrestrictedDataDir();
    const error = await refusal(openConfiguredDatabase());
    expect(error).toBeInstanceOf(UnrestrictedRoleError);
    expect((error as Error).message).toMatch(/^Refusing to start: the database role tkc_app \(BYPASSRLS\)/);
  });
});
