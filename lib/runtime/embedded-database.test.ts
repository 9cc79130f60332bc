import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, setDatabase } from "@/db/client";
import { openEmbeddedSocket, openPglite, queryRows, type DatabaseHandle } from "@/db/connect";
import { DataDirInUseError } from "@/db/data-dir-lock";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { startEmbeddedDatabase, type EmbeddedDatabaseProcess } from "./embedded-database-process";

// A real child process running lib/runtime/embedded-database.ts on a fresh data directory.
const running: EmbeddedDatabaseProcess[] = [];
const handles: DatabaseHandle[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await closeDatabase();
  await Promise.all(handles.splice(0).map((h) => h.close()));
  await Promise.all(running.splice(0).map((p) => p.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, extraEnv: Record<string, string> = {}) {
  const socketPath = path.join(dataDir, "pglite.sock");
  const database = await startEmbeddedDatabase({ socketPath, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", SEED_DEMO_DATA: "false", ...extraEnv } });
  running.push(database);
  return { database, socketPath };
}

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tkc-embedded-"));
  dirs.push(dir);
  return dir;
}

describe("the embedded database's own process", { timeout: 120_000 }, () => {
  it("migrates a fresh data directory, serves it on a socket only its owner can open, holds the directory's lock, and closes it when asked", async () => {
    const dataDir = freshDataDir();
    const { database, socketPath } = await start(dataDir);
    // Created under umask 077: nobody but this user may connect (the protocol has no password here).
    expect(statSync(socketPath).mode & 0o077).toBe(0);
    expect(Number(readFileSync(path.join(dataDir, "pglite", "tkc.pid"), "utf8"))).toBe(database.child.pid);
    await expect(openPglite(path.join(dataDir, "pglite"))).rejects.toBeInstanceOf(DataDirInUseError);

    const handle = openEmbeddedSocket(socketPath);
    setDatabase(handle);
    expect(handle).toMatchObject({ driver: "postgres", embedded: true });
    // Through row level security as the server's requests go: the application role sees the migrated tables.
    const [row] = await withSystem("test", (tx) => queryRows<{ tenants: number }>(tx, sql`select count(*)::int as tenants from tenants`));
    expect(row).toEqual({ tenants: 0 });

    await closeDatabase();
    await database.stop();
    expect(database.child.exitCode).toBe(0);
    expect(existsSync(path.join(dataDir, "pglite", "tkc.pid"))).toBe(false);
    expect(existsSync(socketPath)).toBe(false);
  });

  it("stops by itself when the process that started it goes away, even killed, keeping what was written", async () => {
    const dataDir = freshDataDir();
    const { database, socketPath } = await start(dataDir, { SEED_DEMO_DATA: "true" });
    // What SIGKILL of the parent does to the child: its IPC channel closes.
    database.child.disconnect();
    expect(await database.exited).toBe(0);
    expect(existsSync(path.join(dataDir, "pglite", "tkc.pid"))).toBe(false);
    expect(existsSync(socketPath)).toBe(false);

    const reopened = await openPglite(path.join(dataDir, "pglite"));
    handles.push(reopened);
    const [row] = await queryRows<{ users: number }>(reopened.db, sql`select count(*)::int as users from users`);
    expect(row!.users).toBeGreaterThan(0);
  });

  it("does not start on a data directory another process holds, and says so", async () => {
    const dataDir = freshDataDir();
    const holder = await openPglite(path.join(dataDir, "pglite"));
    handles.push(holder);
    await expect(start(dataDir)).rejects.toThrow(/did not start \(its process exited with 1\)/);
  });
});
