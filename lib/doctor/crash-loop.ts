import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setDatabase } from "@/db/client";
import { openPglite, type DatabaseHandle } from "@/db/connect";
import { tenants } from "@/db/schema";
import { generateCorpus } from "@/lib/bench/corpus";
import { createDocumentFromUpload } from "@/lib/documents/documents-service";
import { DEFAULT_WORKER_OPTIONS } from "@/lib/ingest/worker";
import { mulberry32 } from "@/lib/random/seeded";
import { LocalStorage } from "@/lib/storage/local-storage";
import { contentKey } from "@/lib/storage/object-storage";
import { checkConsistency, statusCounts, type Problem, type StatusCounts } from "./doctor";

export interface CrashLoopOptions {
  documents: number;
  kills: number;
  /** Size of each generated document; larger ones make a kill more likely to land mid-document. */
  fileBytes?: number;
  /** The kill comes a random time in this range after the worker has claimed its first document. */
  minDelayMs?: number;
  maxDelayMs?: number;
  seed?: number;
  /** Opens the embedded database for the set-up; tests pass one that starts from a migrated template. */
  createDatabase?: (dataDir: string) => Promise<DatabaseHandle>;
  log?: (line: string) => void;
}

export interface KillRecord {
  /** Whether documents were being processed when the delay began (else the queue was empty). */
  during: "ingestion" | "idle";
  delayMs: number;
  /** From spawn to the worker's "ready" (process start, database open and recovery). */
  startMs: number;
  /** How long the test process took to reopen the killed data directory. */
  reopenMs: number;
  /** The state the kill left behind; `processing` rows are the documents it interrupted. */
  after: StatusCounts;
}

export interface CrashLoopResult {
  documents: number;
  kills: KillRecord[];
  final: StatusCounts;
  /** Everything that broke an invariant: lost rows, inconsistencies between kills and at the end. */
  violations: string[];
  /** What the doctor found at the end (with the worker's lease, and with no grace for young files). */
  problems: Problem[];
  seconds: { setup: number; kills: number; finish: number; total: number };
}

const ROOT = process.cwd();
const READY_TIMEOUT_MS = 120_000;
const FINISH_TIMEOUT_MS = 15 * 60_000;

/** The worker's environment: only the embedded database in `dataDir`, the offline embedder, no retention run. */
function workerEnv(dataDir: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST")));
  return { ...inherited, NODE_ENV: process.env.NODE_ENV, DATA_DIR: dataDir, STORAGE_DIR: path.join(dataDir, "files"), DATABASE_URL: "", EMBEDDING_API_URL: "", RETENTION_INTERVAL_MINUTES: "0", WORKER_CONCURRENCY: "2" };
}

interface WorkerProcess {
  /** Milliseconds from spawn to the database being open. */
  ready: Promise<number>;
  /** Resolves once a document is being processed, or the worker found nothing to do. */
  busy: Promise<"ingestion" | "idle">;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
}

/**
 * Node itself runs the worker (not the tsx command, which forks a second process that a SIGKILL to
 * the first would leave running with the database open).
 */
function spawnWorker(dataDir: string, args: string[] = []): WorkerProcess {
  const started = performance.now();
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "lib/doctor/crash-worker.ts"), ...args], {
    cwd: ROOT,
    env: workerEnv(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not open the database within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.stdout.on("data", (data: Buffer) => {
      stdout += data.toString();
      if (/^ready$/m.test(stdout)) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${signal ?? code}) before opening the database:\n${stderr.slice(-2000)}`));
    });
  });
  const busy = new Promise<"ingestion" | "idle">((resolve) => {
    child.stdout.on("data", () => {
      const state = /^(working|idle)$/m.exec(stdout)?.[1];
      if (state) resolve(state === "working" ? "ingestion" : "idle");
    });
  });
  ready.catch(() => {});
  return { ready, busy, exited, kill: () => child.kill("SIGKILL") };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The crash test of issue #9: queues `documents` uploads, then `kills` times starts the real worker
 * on the embedded database and SIGKILLs it a random time after it starts on a document; between kills this process reopens
 * the data directory and checks that nothing committed was lost and nothing is inconsistent. Then a
 * worker runs until the queue settles and the doctor checks the end state: every document completed
 * or failed, none processing, no duplicate chunks, no orphaned or missing files.
 *
 * The data directory is opened by one process at a time, as PGlite requires. Sets STORAGE_DIR for
 * this process, so call it before anything else here uses storage.
 */
export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopResult> {
  const { documents: total, kills, fileBytes = 64 * 1024, minDelayMs = 0, maxDelayMs = 1_500, seed = 20, createDatabase = openPglite, log = () => {} } = options;
  const random = mulberry32(seed);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tkc-crash-"));
  const storageDir = path.join(dataDir, "files");
  const pgliteDir = path.join(dataDir, "pglite");
  const storage = new LocalStorage(storageDir);
  const violations: string[] = [];
  const began = performance.now();

  const reopen = async () => {
    const handle = await createDatabase(pgliteDir);
    setDatabase(handle);
    return handle;
  };

  try {
    process.env.STORAGE_DIR = storageDir;
    const handle = await createDatabase(pgliteDir);
    setDatabase(handle);
    try {
      await handle.migrate();
      const [tenant] = await handle.db.insert(tenants).values({ name: "Crash test", slug: "crash-test" }).returning();
      const actor = { tenantId: tenant!.id, role: "owner" as const };
      const corpus = generateCorpus({ targetBytes: total * fileBytes, fileBytes, seed }).slice(0, total);
      while (corpus.length < total) corpus.push(...generateCorpus({ targetBytes: (total - corpus.length) * fileBytes, fileBytes, seed: seed + corpus.length }).slice(0, total - corpus.length));
      for (const [i, file] of corpus.entries()) {
        const data = Buffer.from(`${file.text}\n`);
        const sha256 = createHash("sha256").update(data).digest("hex");
        const tempPath = path.join(dataDir, `upload-${i}`);
        await writeFile(tempPath, data);
        await createDocumentFromUpload({ actor, upload: { filename: file.name, kind: file.kind, size: data.length, sha256, tempPath } });
        if (i === 0 && !(await storage.exists(contentKey({ tenantId: actor.tenantId, sha256 })))) {
          throw new Error("the upload service stored the file elsewhere: storage was already in use in this process with another STORAGE_DIR");
        }
      }
    } finally {
      await handle.close();
    }
    const setupMs = performance.now() - began;
    log(`queued ${total} documents in ${seconds(setupMs)} s (${dataDir})`);

    const records: KillRecord[] = [];
    let lastCompleted = 0;
    const killsBegan = performance.now();
    for (let k = 1; k <= kills; k++) {
      const worker = spawnWorker(dataDir);
      const startMs = await worker.ready.catch(async (error: unknown) => {
        worker.kill();
        throw error;
      });
      const during = await Promise.race([worker.busy, worker.exited.then(() => "idle" as const)]);
      const delayMs = Math.round(minDelayMs + random() * (maxDelayMs - minDelayMs));
      await sleep(delayMs);
      worker.kill();
      const { signal } = await worker.exited;
      if (signal !== "SIGKILL") violations.push(`kill ${k}: the worker ended by itself (${signal}) before the kill`);

      const reopenStarted = performance.now();
      const db = await reopen().catch((error: unknown) => {
        throw new Error(`kill ${k}: the data directory did not reopen after SIGKILL: ${error instanceof Error ? error.message : String(error)}`);
      });
      try {
        const reopenMs = performance.now() - reopenStarted;
        const after = await statusCounts();
        const rows = after.pending + after.processing + after.completed + after.failed;
        if (rows !== total) violations.push(`kill ${k}: ${rows} document rows after reopening, ${total} were committed`);
        if (after.completed < lastCompleted) violations.push(`kill ${k}: ${after.completed} completed after reopening, ${lastCompleted} were committed before`);
        lastCompleted = after.completed;
        // Claims the kill interrupted are within their lease, so only real damage shows here.
        const { problems } = await checkConsistency({ storage, leaseMs: DEFAULT_WORKER_OPTIONS.leaseMs, orphanGraceMs: 0 });
        for (const p of problems) violations.push(`kill ${k}: ${p.kind}: ${p.detail}`);
        records.push({ during, delayMs, startMs: Math.round(startMs), reopenMs: Math.round(reopenMs), after });
        log(`kill ${k}/${kills} ${delayMs} ms into ${during} (worker ready in ${Math.round(startMs)} ms): ${after.completed} completed, ${after.failed} failed, ${after.processing} interrupted, ${after.pending} pending; reopened in ${Math.round(reopenMs)} ms`);
      } finally {
        await db.close();
      }
    }
    const killsMs = performance.now() - killsBegan;

    const finishBegan = performance.now();
    const finisher = spawnWorker(dataDir, ["--until-settled"]);
    const timeout = setTimeout(() => finisher.kill(), FINISH_TIMEOUT_MS);
    const ended = await finisher.exited.finally(() => clearTimeout(timeout));
    if (ended.code !== 0) throw new Error(`the final worker run failed (${ended.signal ?? ended.code}):\n${ended.stderr.slice(-2000)}`);
    const finishMs = performance.now() - finishBegan;

    const db = await reopen();
    try {
      const final = await statusCounts();
      if (final.completed + final.failed !== total) violations.push(`end: ${final.completed} completed + ${final.failed} failed of ${total} documents`);
      if (final.processing + final.pending > 0) violations.push(`end: ${final.processing} processing and ${final.pending} pending after the worker settled`);
      if (final.completed < lastCompleted) violations.push(`end: ${final.completed} completed, ${lastCompleted} were committed before`);
      const { problems } = await checkConsistency({ storage, leaseMs: DEFAULT_WORKER_OPTIONS.leaseMs, orphanGraceMs: 0, tempMaxAgeMs: 0 });
      for (const p of problems) violations.push(`end: ${p.kind}: ${p.detail}`);
      log(`settled in ${seconds(finishMs)} s: ${final.completed} completed, ${final.failed} failed, ${final.chunks} chunks`);
      return {
        documents: total,
        kills: records,
        final,
        violations,
        problems,
        seconds: { setup: seconds(setupMs), kills: seconds(killsMs), finish: seconds(finishMs), total: seconds(performance.now() - began) },
      };
    } finally {
      await db.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
