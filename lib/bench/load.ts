import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openPglite } from "@/db/connect";
import { driveLoad, TIMEOUT_SECONDS, waitForDocuments, type DocumentStatusCounts, type ScenarioReport } from "./load-drive";
import { prepareLoadDatabase } from "./load-database";
import { freePort } from "@/lib/testing/free-port";
import { logTail, samplePeakRss, spawnScript, startConsole, type BenchProcess } from "./load-server";
import { startCanary, type CanaryReport } from "./load-canary";
import { buildHostileRequests, type HostileAnswer } from "./load-hostile";
import { round } from "./measure";

/**
 * Where the database runs: `embedded`, as `npm start` runs it (PGlite in its own process on a Unix
 * socket); `in-server`, PGlite inside the server process (EMBEDDED_DATABASE=in-server); `socket`,
 * DATABASE_URL to a PGlite served over TCP by a process the bench starts (the PostgreSQL server path).
 */
export const LOAD_MODES = ["embedded", "in-server", "socket"] as const;
export type LoadMode = (typeof LOAD_MODES)[number];
export const LOAD_SCENARIOS = ["plain", "hostile"] as const;
export type LoadScenario = (typeof LOAD_SCENARIOS)[number];

export interface LoadOptions {
  seconds?: number;
  searchClients?: number;
  uploadClients?: number;
  mode?: LoadMode | "all";
  scenario?: LoadScenario | "both";
}

interface ModeReport {
  mode: LoadMode;
  scenario: LoadScenario;
  /** The liveness check and a small page, every 250 ms for the whole load, from a thread of their own. */
  canary: CanaryReport;
  /** With the hostile scenario: its requests and their answers (their own 4xx are expected). */
  hostile: HostileAnswer[];
  search: ScenarioReport;
  upload: ScenarioReport;
  errors: number;
  /** The bench's uploads after the load: how many the in-process worker finished within the wait. */
  documents: DocumentStatusCounts & { uploaded: number; waitedSeconds: number };
  /** Peak resident memory of each process tree during the load and the wait, MB. */
  peakRssMb: Record<string, number>;
}

/** Caps per second of load: far above what a 2-core machine serves, so only a runaway hits them. */
const MAX_SEARCHES_PER_SECOND = 1_000;
const MAX_UPLOADS_PER_SECOND = 200;
/** How long the uploads' backlog may take to drain before it is reported as a backlog. */
const DRAIN_TIMEOUT_MS = 180_000;
/** The default upload limit, set explicitly: the hostile PDF is sized just under it. */
const UPLOAD_LIMIT_MB = 50;
/** The canary's probes: liveness, and a small server-rendered page. */
const CANARY_PATHS = ["/api/health", "/login"];

/** The PGlite served over the PostgreSQL protocol, in its own process; resolves with the API key once it listens. */
async function startSocketDatabase(dataDir: string): Promise<{ database: BenchProcess; port: number; apiKey: string }> {
  const port = await freePort();
  const database = spawnScript("lib/bench/load-database.ts", [dataDir, String(port)], { env: process.env, log: path.join(dataDir, "database.log") });
  try {
    const apiKey = await new Promise<string>((resolve, reject) => {
      let out = "";
      database.child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve((JSON.parse(line) as { apiKey: string }).apiKey);
      });
      void database.exited.then((code) => reject(new Error(`the database process exited with ${code}:\n${logTail(database.log)}`)));
      setTimeout(() => reject(new Error(`the database was not ready within 2 minutes:\n${logTail(database.log)}`)), 120_000).unref();
    });
    return { database, port, apiKey };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

async function warmUp(baseUrl: string, apiKey: string): Promise<void> {
  // The first request to a route loads its code (up to half a second of the server's thread); the
  // measured run should not pay for that: every route it calls, the canary's and the hostile ones too.
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const answers = await Promise.all([
    fetch(`${baseUrl}/api/v1/search`, { method: "POST", headers, body: JSON.stringify({ query: "onboarding" }) }),
    fetch(`${baseUrl}/api/v1/documents`, { headers }),
    fetch(`${baseUrl}/api/v1/clean`, { method: "POST", headers, body: JSON.stringify({ content: "1\n00:00:01,000 --> 00:00:02,000\nGood evening.\n", format: "srt" }) }),
    ...CANARY_PATHS.map((p) => fetch(`${baseUrl}${p}`)),
  ]);
  for (const answer of answers) if (!answer.ok) throw new Error(`warm-up answered ${answer.status}: ${await answer.text()}`);
}

async function runMode(mode: LoadMode, scenario: LoadScenario, { seconds, searchClients, uploadClients }: Required<Omit<LoadOptions, "mode" | "scenario">>): Promise<ModeReport> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `tkc-load-${mode}-`));
  const stops: (() => Promise<void>)[] = [];
  let peakRssMb: Record<string, number>;
  try {
    console.log(`[${mode}] preparing the database in ${dataDir}`);
    // The rate limit is off: 60 clients on one key would otherwise measure the limiter, not the console.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      STORAGE_DIR: "",
      DATABASE_URL: "",
      API_RATE_LIMIT_PER_MINUTE: "0",
      SEED_DEMO_DATA: "false",
      EMBEDDING_API_URL: "",
      MAX_UPLOAD_MB: String(UPLOAD_LIMIT_MB),
    };
    const roots: Record<string, number> = {};
    let apiKey: string;
    if (mode !== "socket") {
      const handle = await openPglite(path.join(dataDir, "pglite"));
      try {
        apiKey = await prepareLoadDatabase(handle, dataDir);
      } finally {
        await handle.close();
      }
      if (mode === "in-server") env.EMBEDDED_DATABASE = "in-server";
    } else {
      const socket = await startSocketDatabase(dataDir);
      stops.push(() => socket.database.stop());
      apiKey = socket.apiKey;
      roots.database = socket.database.child.pid!;
      // pglite-socket serves one connection at a time, so the pool holds one.
      Object.assign(env, { DATABASE_URL: `postgres://postgres@127.0.0.1:${socket.port}/postgres`, DATABASE_POOL_MAX: "1" });
    }
    const port = await freePort();
    console.log(`[${mode}] starting the console on port ${port} (it builds first when the sources changed)`);
    const server = await startConsole({ port, env, log: path.join(dataDir, "console.log") });
    stops.unshift(() => server.stop());
    roots.server = server.child.pid!;
    const baseUrl = `http://127.0.0.1:${port}`;
    await warmUp(baseUrl, apiKey);

    const hostileRequests = scenario === "hostile" ? await buildHostileRequests({ baseUrl, apiKey, uploadLimitMb: UPLOAD_LIMIT_MB }) : null;
    console.log(`[${mode}, ${scenario}] ${searchClients} searching and ${uploadClients} uploading for ${seconds} s`);
    const rss = samplePeakRss(roots);
    const canary = await startCanary(baseUrl, CANARY_PATHS);
    const canaryStarted = performance.now();
    let load: Awaited<ReturnType<typeof driveLoad>>;
    let documents: Awaited<ReturnType<typeof waitForDocuments>>;
    let hostile: HostileAnswer[] = [];
    let canaryReport: CanaryReport;
    try {
      const hostileSent =
        hostileRequests
          ? new Promise<HostileAnswer[]>((resolve) => setTimeout(resolve, (seconds * 1000) / 2)).then(() => {
              console.log(`[${mode}, ${scenario}] sending the hostile requests`);
              return hostileRequests.send(canaryStarted);
            })
          : Promise.resolve([]);
      load = await driveLoad({
        baseUrl,
        apiKey,
        seconds,
        searchClients,
        uploadClients,
        maxSearches: seconds * MAX_SEARCHES_PER_SECOND,
        maxUploads: seconds * MAX_UPLOADS_PER_SECOND,
      });
      hostile = await hostileSent;
      canaryReport = await canary.stop();
      console.log(`[${mode}, ${scenario}] waiting for the worker to finish ${load.documentIds.length} uploads`);
      documents = await waitForDocuments({ baseUrl, apiKey, ids: load.documentIds, timeoutMs: DRAIN_TIMEOUT_MS, everyMs: 5_000 });
    } finally {
      peakRssMb = rss.stop();
    }
    return {
      mode,
      scenario,
      canary: canaryReport,
      hostile,
      search: load.search,
      upload: load.upload,
      errors: load.search.errors.total + load.upload.errors.total,
      documents: { uploaded: load.documentIds.length, ...documents },
      peakRssMb,
    };
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(`[${mode}] stopping failed`, error));
    await rm(dataDir, { recursive: true, force: true });
  }
}

function printTable(reports: ModeReport[]): void {
  const rows = reports.flatMap((r) => [
    ...(["search", "upload"] as const).map((name) => {
      const s = r[name];
      return [r.mode, r.scenario, name, s.requests, s.throughput, s.latencyMs.p50, s.latencyMs.p95, s.latencyMs.p99, s.errors.total].map(String);
    }),
    ...Object.entries(r.canary).map(([probe, c]) => [r.mode, r.scenario, `canary ${probe}`, c.requests, "", c.latencyMs.p50, "", c.latencyMs.p99, c.failures].map(String)),
  ]);
  const header = ["mode", "load", "requests of", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  for (const r of reports) {
    const rss = Object.entries(r.peakRssMb).map(([name, mb]) => `${name} ${mb} MB`).join(", ");
    const d = r.documents;
    console.log(
      `${r.mode}, ${r.scenario}: peak RSS ${rss}; uploads ${d.uploaded}: ${d.completed} completed, ${d.failed} failed, ${d.pending + d.processing} still queued after ${d.waitedSeconds} s`,
    );
    for (const h of r.hostile) console.log(`  hostile ${h.request}: sent at ${h.sentAtSeconds} s, ${h.status} in ${h.ms} ms: ${h.answer.slice(0, 120)}`);
    for (const [probe, c] of Object.entries(r.canary)) console.log(`  canary ${probe} slowest: ${c.slowest.map((s) => `${s.ms} ms at ${s.atSeconds} s`).join(", ")}`);
  }
  for (const mode of LOAD_MODES) {
    const plain = reports.find((r) => r.mode === mode && r.scenario === "plain");
    const hostile = reports.find((r) => r.mode === mode && r.scenario === "hostile");
    if (plain && hostile) console.log(`${mode}: search p99 with the hostile requests / without: ${round(hostile.search.latencyMs.p99 / plain.search.latencyMs.p99, 2)}x`);
  }
}

/**
 * `npm run bench -- load [seconds] [searchClients] [uploadClients] [embedded|in-server|socket|all] [plain|hostile|both]`:
 * issues #9 and #17's load test. The production build serves /api/v1 on loopback with the database
 * in each place LOAD_MODES names; autocannon searches and uploads at once.
 * Exits 1 when any request failed (connection error, timeout, non-2xx) or an upload failed to ingest.
 */
export async function benchLoad({ seconds = 60, searchClients = 50, uploadClients = 10, mode = "all", scenario = "both" }: LoadOptions = {}) {
  if (mode !== "all" && !LOAD_MODES.includes(mode)) throw new Error(`the database must be ${LOAD_MODES.join(", ")} or all, not ${mode}`);
  if (scenario !== "both" && !LOAD_SCENARIOS.includes(scenario)) throw new Error(`the load must be ${LOAD_SCENARIOS.join(", ")} or both, not ${scenario}`);
  const reports: ModeReport[] = [];
  for (const m of mode === "all" ? LOAD_MODES : [mode]) {
    for (const sc of scenario === "both" ? LOAD_SCENARIOS : [scenario]) reports.push(await runMode(m, sc, { seconds, searchClients, uploadClients }));
  }
  const report = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    settings: { seconds, searchClients, uploadClients, scenario, rateLimit: "off (API_RATE_LIMIT_PER_MINUTE=0)", requestTimeoutSeconds: TIMEOUT_SECONDS },
    modes: reports,
  };
  console.log(JSON.stringify(report, null, 2));
  printTable(reports);
  // The hostile requests' own answers are not errors; everyone else's are.
  if (reports.some((r) => r.errors > 0 || r.documents.failed > 0 || Object.values(r.canary).some((c) => c.failures > 0))) process.exitCode = 1;
  return report;
}
