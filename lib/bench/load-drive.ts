import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { mulberry32 } from "../random/seeded";
import { percentile, round } from "./measure";

// Drives /api/v1 with autocannon: searchers and uploaders at once. Shared by `npm run bench -- load`
// and the reduced run in e2e/load.spec.ts, so both exercise the same requests.

export interface LoadPlan {
  baseUrl: string;
  apiKey: string;
  seconds: number;
  searchClients: number;
  uploadClients: number;
  /** Caps on requests, so a fast machine cannot run away and a reduced run stays under a rate limit. */
  maxSearches: number;
  maxUploads: number;
}

export interface ScenarioReport {
  requests: number;
  seconds: number;
  /** Responses per second, whatever their status. */
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: {
    total: number;
    /** Connection errors (resets, refusals) by code; timeouts are counted apart. */
    connection: Record<string, number>;
    timeouts: number;
    non2xx: number;
    statusCodes: Record<string, number>;
    /** The first few bodies of non-2xx answers, to tell a 503 from a 500 from a 429. */
    samples: string[];
  };
}

export interface LoadReport {
  search: ScenarioReport;
  upload: ScenarioReport;
  /** Ids of the documents the uploads created. */
  documentIds: string[];
}

const SEARCH_MODES = ["hybrid", "semantic", "fulltext"] as const;
/** autocannon's own default: a request unanswered after this long counts as a timeout. */
export const TIMEOUT_SECONDS = 10;

/** Words of the demo documents, so searches find real passages and uploads read like them. */
function corpusWords(): string[] {
  const dir = path.join(process.cwd(), "db", "demo", "documents");
  const text = readdirSync(dir).map((file) => readFileSync(path.join(dir, file), "utf8")).join(" ");
  return [...new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? [])];
}

/** A distinct Markdown note of about 3 KB; `marker` makes it unique (the API de-duplicates by content). */
function loadDocument(marker: string, words: string[], random: () => number): string {
  const pick = () => words[Math.floor(random() * words.length)]!;
  let text = `# Load note ${marker}\n\nReference ${marker}.\n`;
  while (text.length < 3_000) text += `\n${Array.from({ length: 12 + Math.floor(random() * 10) }, pick).join(" ")}.\n`;
  return text;
}

function multipart(filename: string, text: string): { contentType: string; body: Buffer } {
  const boundary = `tkc-load-${randomUUID()}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/markdown\r\n\r\n${text}\r\n--${boundary}--\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

interface Scenario {
  connections: number;
  maxRequests: number;
  request: autocannon.Request;
}

function runScenario(plan: LoadPlan, scenario: Scenario): Promise<ScenarioReport> {
  const latencies: number[] = [];
  const connection: Record<string, number> = {};
  const samples: string[] = [];
  const onResponse = scenario.request.onResponse;
  const request: autocannon.Request = {
    ...scenario.request,
    // A body is kept only to explain a failure; the scenario reads its own 2xx answers.
    onResponse: (status, body, context, headers) => {
      if ((status < 200 || status > 299) && samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`);
      if (typeof onResponse === "function") onResponse(status, body, context, headers);
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.baseUrl,
        connections: scenario.connections,
        duration: plan.seconds,
        maxOverallRequests: scenario.maxRequests,
        timeout: TIMEOUT_SECONDS,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
        resolve({
          requests: latencies.length,
          seconds: result.duration,
          throughput: round(latencies.length / result.duration),
          latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), max: latencies.at(-1) ?? NaN },
          errors: { total: result.errors + result.non2xx, connection, timeouts: result.timeouts, non2xx: result.non2xx, statusCodes, samples },
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    instance.on("reqError", (error: Error & { code?: string }) => {
      if (error.message === "request timed out") return;
      const kind = error.code ?? error.message;
      connection[kind] = (connection[kind] ?? 0) + 1;
    });
  });
}

/** Runs the searchers and the uploaders at the same time, each bounded by time and by count. */
export async function driveLoad(plan: LoadPlan): Promise<LoadReport> {
  const words = corpusWords();
  const random = mulberry32(9);
  const runId = randomUUID().slice(0, 8);
  const authorization = `Bearer ${plan.apiKey}`;
  const documentIds: string[] = [];
  let uploads = 0;
  let searches = 0;

  const search: Scenario = {
    connections: plan.searchClients,
    maxRequests: plan.maxSearches,
    request: {
      method: "POST",
      path: "/api/v1/search",
      setupRequest: (req) => {
        const query = Array.from({ length: 1 + Math.floor(random() * 3) }, () => words[Math.floor(random() * words.length)]).join(" ");
        const mode = SEARCH_MODES[searches++ % SEARCH_MODES.length];
        return { ...req, headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ query, mode }) };
      },
    },
  };
  const upload: Scenario = {
    connections: plan.uploadClients,
    maxRequests: plan.maxUploads,
    request: {
      method: "POST",
      path: "/api/v1/documents",
      setupRequest: (req) => {
        const marker = `load-${runId}-${++uploads}`;
        const { contentType, body } = multipart(`${marker}.md`, loadDocument(marker, words, random));
        return { ...req, headers: { authorization, "content-type": contentType, "idempotency-key": marker }, body };
      },
      onResponse: (status, body) => {
        if (status === 201) documentIds.push((JSON.parse(body) as { document: { id: string } }).document.id);
      },
    },
  };
  const [searchReport, uploadReport] = await Promise.all([runScenario(plan, search), runScenario(plan, upload)]);
  return { search: searchReport, upload: uploadReport, documentIds };
}

export type DocumentStatusCounts = Record<"pending" | "processing" | "completed" | "failed" | "missing", number>;

/** Where the given documents are in the pipeline, read page by page through the public API, newest first. */
async function documentStatuses({ baseUrl, apiKey, ids }: { baseUrl: string; apiKey: string; ids: string[] }): Promise<DocumentStatusCounts> {
  const wanted = new Set(ids);
  const counts: DocumentStatusCounts = { pending: 0, processing: 0, completed: 0, failed: 0, missing: 0 };
  for (let page = 1; wanted.size > 0; page++) {
    const response = await fetch(`${baseUrl}/api/v1/documents?pageSize=100&page=${page}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) throw new Error(`listing documents answered ${response.status}: ${await response.text()}`);
    const { documents } = (await response.json()) as { documents: { id: string; status: keyof DocumentStatusCounts }[] };
    if (documents.length === 0) break;
    for (const doc of documents) {
      if (wanted.delete(doc.id)) counts[doc.status]++;
    }
  }
  counts.missing = wanted.size;
  return counts;
}

/** Polls until none of the documents is pending or processing, or the time is up; returns the last counts. */
export async function waitForDocuments(options: { baseUrl: string; apiKey: string; ids: string[]; timeoutMs: number; everyMs?: number }): Promise<DocumentStatusCounts & { waitedSeconds: number }> {
  const started = performance.now();
  for (;;) {
    const counts = await documentStatuses(options);
    const waitedSeconds = round((performance.now() - started) / 1000);
    if (counts.pending + counts.processing === 0 || performance.now() - started > options.timeoutMs) return { ...counts, waitedSeconds };
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 1_000));
  }
}
