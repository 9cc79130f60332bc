import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openPglite } from "./connect";
import { DataDirInUseError, lockDataDir } from "./data-dir-lock";

describe("the embedded data directory lock", () => {
  let root: string;
  let dir: string;
  const sleepers: ReturnType<typeof spawn>[] = [];
  const lockFile = () => path.join(dir, "tkc.pid");

  /** A live process other than this one, to stand in for a running server. */
  function otherProcess(): number {
    const sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
    sleepers.push(sleeper);
    return sleeper.pid!;
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "tkc-lock-"));
  });
  afterEach(async () => {
    for (const sleeper of sleepers.splice(0)) sleeper.kill("SIGKILL");
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("refuses a directory a running process holds, and says what to do", async () => {
    dir = await mkdtemp(path.join(root, "held-"));
    const holder = otherProcess();
    writeFileSync(lockFile(), String(holder));
    const error = (() => {
      try {
        lockDataDir(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataDirInUseError);
    expect((error as Error).message).toContain(`pid ${holder}`);
    expect((error as Error).message).toMatch(/stop the console or worker/);
    expect(readFileSync(lockFile(), "utf8")).toBe(String(holder));
  });

  it("takes over the file a killed process left behind, or one torn mid-write, and removes it on release", async () => {
    dir = await mkdtemp(path.join(root, "stale-"));
    const sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
    const gone = sleeper.pid!;
    sleeper.kill("SIGKILL");
    await new Promise((resolve) => sleeper.once("exit", resolve));
    writeFileSync(lockFile(), String(gone));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile())).toBe(false);

    writeFileSync(lockFile(), "");
    lockDataDir(dir)();
    expect(existsSync(lockFile())).toBe(false);
  });

  it("keeps PGlite closed when the directory is held, and frees it when the handle closes", async () => {
    dir = await mkdtemp(path.join(root, "pglite-"));
    const holder = otherProcess();
    writeFileSync(lockFile(), String(holder));
    await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirInUseError);
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(false);

    // Until its exit is reaped a killed process still answers signal 0: wait for the exit.
    await Promise.all(sleepers.splice(0).map((s) => new Promise((resolve) => s.once("exit", resolve).kill("SIGKILL"))));
    const handle = await openPglite(dir);
    expect(readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(existsSync(lockFile())).toBe(false);
  });

  it("makes `npm run doctor` refuse a data directory the server has open", async () => {
    const dataDir = await mkdtemp(path.join(root, "data-"));
    const handle = await openPglite(path.join(dataDir, "pglite"));
    try {
      const doctor = spawnSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "lib/doctor/doctor-cli.ts"], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(doctor.status).toBe(1);
      expect(doctor.stderr).toContain(`is open in another process (pid ${process.pid})`);
    } finally {
      await handle.close();
    }
  });
});
