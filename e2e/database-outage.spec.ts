import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { freePort } from "../lib/testing/free-port";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { expect, signedInPage, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";

// The configured web server runs on the embedded database, which cannot go away on its own. This
// journey starts its own: the same production build (`next start`), in DATABASE_URL mode, against
// a PostgreSQL server (a PGlite over the wire, e2e/outage-database.ts) that the test stops and starts.

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** The database process: ready once it prints "ready"; "stop" and "start" answer "stopped" and "started". */
class OutageDatabase {
  private readonly lines: Interface;
  private readonly waiting: { line: string; resolve: () => void }[] = [];

  constructor(readonly process: ChildProcess) {
    this.lines = createInterface({ input: process.stdout! });
    this.lines.on("line", (line) => {
      const index = this.waiting.findIndex((w) => w.line === line);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve();
    });
  }

  next(line: string): Promise<void> {
    return new Promise((resolve) => this.waiting.push({ line, resolve }));
  }

  async send(command: "stop" | "start"): Promise<void> {
    const answered = this.next(command === "stop" ? "stopped" : "started");
    this.process.stdin!.write(`${command}\n`);
    await answered;
  }
}

async function ready(url: string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (await fetch(`${url}/api/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready within a minute`);
}

test.describe("the database going away", () => {
  let dir: string;
  let database: OutageDatabase;
  let app: ChildProcess;
  let appUrl: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-outage-"));
    const [dbPort, appPort] = [await freePort(), await freePort()];
    appUrl = `http://localhost:${appPort}`;
    const env = { ...process.env, DATA_DIR: dir, NEXT_TELEMETRY_DISABLED: "1" };

    const child = spawn(bin("tsx"), ["--conditions=react-server", "e2e/outage-database.ts"], { env: { ...env, PORT: String(dbPort) }, stdio: ["pipe", "pipe", "inherit"] });
    database = new OutageDatabase(child);
    await Promise.race([database.next("ready"), new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`the database exited with ${code}`))))]);

    app = spawn(bin("next"), ["start", "--port", String(appPort)], {
      env: {
        ...env,
        NODE_ENV: "production",
        PORT: String(appPort),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${dbPort}/postgres`,
        DATABASE_POOL_MAX: "1",
        NEXTAUTH_URL: appUrl,
        NEXTAUTH_SECRET: "e2e-database-outage-secret",
        TKC_IN_PROCESS_WORKER: "false",
      },
      stdio: "ignore",
    });
    await ready(appUrl);
  });

  test.afterAll(async () => {
    app?.kill("SIGTERM");
    database?.process.stdin!.end();
    await new Promise((resolve) => (database?.process.exitCode === null ? database.process.once("exit", resolve) : resolve(null)));
    await rm(dir, { recursive: true, force: true });
  });

  test("an owner sees a clear outage page while the database is gone, and the page comes back by itself", async ({ browser, request }) => {
    const page = await signedInPage(browser, DEMO_USERS.owner.email, DEMO_PASSWORD, { baseURL: appUrl });
    const documents = new DocumentsPage(page);
    const slug = new URL(page.url()).pathname.split("/")[2]!;
    await documents.goto(slug);

    await database.send("stop");
    await page.reload();
    await expect(page.getByRole("heading", { name: "The database cannot be reached", level: 1 })).toBeVisible();
    await expect(page.getByText("Everything saved before is safe")).toBeVisible();
    await expect(page.getByRole("status")).toContainText("reloads by itself when the database is back");
    await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
    const readiness = await request.get(`${appUrl}/api/ready`);
    expect(readiness.status()).toBe(503);
    expect(readiness.headers()["retry-after"]).toBe("5");
    expect(await readiness.json()).toMatchObject({ status: "unavailable", reason: expect.stringContaining("database") });
    // Liveness does not depend on the database: the process itself is fine.
    expect((await request.get(`${appUrl}/api/health`)).status()).toBe(200);

    await database.send("start");
    // No reload and no click: the page finds the database back and renders the documents again.
    await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole("heading", { name: "The database cannot be reached" })).toBeHidden();
    const back = await request.get(`${appUrl}/api/ready`);
    expect(back.status()).toBe(200);
    expect(await back.json()).toMatchObject({ status: "ready", database: { driver: "postgres" }, ingest: { queued: expect.any(Number), processing: expect.any(Number) } });
    await page.context().close();
  });
});
