import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openPglite, type DatabaseHandle } from "@/db/connect";
import { documents } from "@/db/schema";
import { MIME_TYPES } from "@/lib/ingest/kinds";
import { LocalStorage } from "@/lib/storage/local-storage";
import { contentKey } from "@/lib/storage/object-storage";
import { makeDocx, makePdf } from "@/lib/testing/document-fixtures";
import { freePort } from "@/lib/testing/free-port";
import { hostileCleanRequest } from "@/lib/testing/hostile-inputs";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { startCanary, type CanaryReport } from "./load-canary";
import { demoOwner, prepareLoadDatabase } from "./load-database";
import { samplePeakRss, startConsole, waitForIngest } from "./load-server";
import { percentile, round } from "./measure";

const SECRET = "bench-bounds-secret";
/** How often another client searches while a hostile input is handled. */
const BYSTANDER_EVERY_MS = 100;
const INSERT_BATCH = 1_000;
/** How long an upload may take to be read before the bench stops waiting for it. */
const SETTLE_TIMEOUT_MS = 15 * 60_000;

interface Outcome {
  input: string;
  /** What the console answered (status and the start of its answer), and for uploads how ingestion ended. */
  answer: string;
  seconds: number;
  /** A search every 100 ms through /api/v1/search meanwhile. */
  bystander: { searches: number; failed: number; p50Ms: number; maxMs: number };
  /** The liveness check and /login every 250 ms meanwhile. */
  canary: CanaryReport;
  peakRssMb: Record<string, number>;
}

/**
 * `npm run bench -- bounds [exportDocuments]`: issue #17's bad inputs, each sent once to the
 * console as `npm start` runs it (production build, the database in its own process) on a fresh
 * data directory, while a client searches every 100 ms and the canary probes liveness. Prints the
 * answer each got, how long it took, and everyone else's latency meanwhile. `only` runs the inputs
 * whose description contains it (e.g. "PDF"), for profiling one.
 */
export async function benchBounds({ exportDocuments = 100_000, only }: { exportDocuments?: number; only?: string } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tkc-bench-bounds-"));
  const stops: (() => Promise<void>)[] = [];
  try {
    const handle = await openPglite(path.join(dataDir, "pglite"));
    let apiKey: string;
    let cookie: string;
    try {
      apiKey = await prepareLoadDatabase(handle, dataDir);
      const owner = await demoOwner(handle);
      cookie = await sessionCookie({ id: owner.userId, email: owner.email }, SECRET);
      console.log(`[bounds] storing ${exportDocuments} small documents for the export`);
      await storeDocuments(handle, new LocalStorage(path.join(dataDir, "files")), owner.tenantId, exportDocuments);
    } finally {
      await handle.close();
    }
    const port = await freePort();
    const env = { ...process.env, DATA_DIR: dataDir, STORAGE_DIR: "", DATABASE_URL: "", NEXTAUTH_SECRET: SECRET, API_RATE_LIMIT_PER_MINUTE: "0", SEED_DEMO_DATA: "false", EMBEDDING_API_URL: "" };
    console.log(`[bounds] starting the console on port ${port} (it builds first when the sources changed)`);
    const server = await startConsole({ port, env, log: path.join(dataDir, "console.log") });
    stops.push(() => server.stop());
    const baseUrl = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${apiKey}` };
    const answerOf = async (response: Response) => `${response.status} ${(await response.text()).slice(0, 200)}`;
    const bystander = async () => {
      const response = await fetch(`${baseUrl}/api/v1/search`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ query: "retention policy", mode: "hybrid" }) });
      await response.arrayBuffer();
      return response.ok;
    };
    await waitForIngest(baseUrl, SETTLE_TIMEOUT_MS);
    if (!(await bystander())) throw new Error("the warm-up search failed");

    const outcomes: Outcome[] = [];
    const run = async (input: string, work: () => Promise<string>) => {
      if (only && !input.includes(only)) return;
      // Each input meets an idle console: an upload still being read would slow the next one.
      await waitForIngest(baseUrl, SETTLE_TIMEOUT_MS);
      console.log(`[bounds] ${input}`);
      outcomes.push(await observe({ input, work, bystander, baseUrl, roots: { server: server.child.pid! } }));
      console.log(`[bounds]   ${JSON.stringify(outcomes.at(-1))}`);
    };
    const cleanRequest = (body: string) => fetch(`${baseUrl}/api/v1/clean`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body });
    const uploadAndIngest = async (filename: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(bytes)]), filename);
      const uploaded = await fetch(`${baseUrl}/api/v1/documents`, { method: "POST", headers: auth, body: form });
      if (uploaded.status !== 201) return `upload ${await answerOf(uploaded)}`;
      const { document } = (await uploaded.json()) as { document: { id: string } };
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      while (Date.now() < deadline) {
        const now = (await (await fetch(`${baseUrl}/api/v1/documents/${document.id}`, { headers: auth })).json()) as { status: string; errorMessage: string | null; chunkCount: number };
        if (now.status === "completed" || now.status === "failed") return `upload 201, then ${now.status}: ${now.errorMessage ?? `${now.chunkCount} chunks`}`;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      return "upload 201, still not read after 15 minutes";
    };

    const manyCues = JSON.stringify(hostileCleanRequest({ cues: 100_000, contextSources: 0, contextChars: 0 }));
    await run(`clean: an SRT of 100,000 cues (${round(manyCues.length / 2 ** 20)} MB)`, async () => answerOf(await cleanRequest(manyCues)));
    const bigContext = JSON.stringify(hostileCleanRequest({ cues: 200, contextSources: 20, contextChars: 2 ** 20 }));
    await run(`clean: 20 context sources of 1 MB (${round(bigContext.length / 2 ** 20)} MB)`, async () => answerOf(await cleanRequest(bigContext)));
    const pdf = await makePdf(Array.from({ length: 5_000 }, (_, p) => Array.from({ length: 30 }, (_, l) => `Page ${p + 1}, line ${l + 1}: the appendix lists every invoice and its signatures.`)));
    await run(`upload: a PDF of 5,000 pages (${round(pdf.length / 2 ** 20)} MB)`, () => uploadAndIngest("five-thousand-pages.pdf", pdf));
    const sentence = "One sentence of a paragraph that never ends, without a break. ";
    const docx = await makeDocx("One paragraph", [sentence.repeat(Math.ceil((50 * 2 ** 20) / sentence.length))]);
    await run(`upload: a DOCX whose text is one 50 MB paragraph (${round(docx.length / 2 ** 20)} MB file)`, () => uploadAndIngest("one-paragraph.docx", docx));
    await run(`export: a workspace of ${exportDocuments.toLocaleString("en")} documents, files included`, async () => {
      const response = await fetch(`${baseUrl}/api/t/demo/export?files=1`, { headers: { cookie } });
      if (response.status !== 200) return answerOf(response);
      let bytes = 0;
      const reader = response.body!.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
      return `200, ${round(bytes / 2 ** 20)} MB streamed`;
    });

    console.log(JSON.stringify({ machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`, outcomes }, null, 2));
    for (const o of outcomes) {
      const health = o.canary["/api/health"]!.latencyMs;
      console.log(
        `${o.input}: ${o.answer.split("\n")[0]} | ${o.seconds} s | search every ${BYSTANDER_EVERY_MS} ms: ${o.bystander.searches}, ${o.bystander.failed} failed, p50 ${o.bystander.p50Ms} ms, max ${o.bystander.maxMs} ms | health p50 ${health.p50} ms, p99 ${health.p99} ms | peak RSS ${o.peakRssMb.server} MB`,
      );
    }
    return outcomes;
  } finally {
    for (const stop of stops) await stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Runs `work` while `bystander` repeats every BYSTANDER_EVERY_MS and the canary probes; measures all three. */
async function observe({ input, work, bystander, baseUrl, roots }: { input: string; work: () => Promise<string>; bystander: () => Promise<boolean>; baseUrl: string; roots: Record<string, number> }): Promise<Outcome> {
  const latencies: number[] = [];
  let failed = 0;
  let running = true;
  const rss = samplePeakRss(roots);
  const canary = await startCanary(baseUrl, ["/api/health", "/login"]);
  const searches = (async () => {
    while (running) {
      const started = performance.now();
      if (!(await bystander().catch(() => false))) failed++;
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, BYSTANDER_EVERY_MS));
    }
  })();
  const started = performance.now();
  const answer = await work().catch((error: unknown) => `threw ${String(error).slice(0, 200)}`);
  const seconds = round((performance.now() - started) / 1000, 1);
  running = false;
  await searches;
  latencies.sort((a, b) => a - b);
  return {
    input,
    answer,
    seconds,
    bystander: { searches: latencies.length, failed, p50Ms: round(percentile(latencies, 50)), maxMs: round(latencies.at(-1) ?? NaN) },
    canary: await canary.stop(),
    peakRssMb: rss.stop(),
  };
}

/** `n` completed documents of a few bytes each, rows and files, written in batches before the server opens the database. */
async function storeDocuments(handle: DatabaseHandle, storage: LocalStorage, tenantId: string, n: number): Promise<void> {
  for (let start = 0; start < n; start += INSERT_BATCH) {
    const rows = Array.from({ length: Math.min(INSERT_BATCH, n - start) }, (_, i) => {
      const text = `Note ${start + i}: the appendix lists every invoice.\n`;
      const sha256 = createHash("sha256").update(text).digest("hex");
      return { text, row: { id: randomUUID(), tenantId, filename: `note-${start + i}.txt`, mimeType: MIME_TYPES.txt, fileSize: text.length, sha256, status: "completed" as const, storageKey: contentKey({ tenantId, sha256 }) } };
    });
    await Promise.all(rows.map((r) => storage.put(r.row.storageKey, new TextEncoder().encode(r.text))));
    await handle.db.insert(documents).values(rows.map((r) => r.row));
  }
  await handle.db.execute(sql`analyze documents`);
}
