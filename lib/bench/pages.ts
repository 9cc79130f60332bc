import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import { DEMO_PASSWORD, DEMO_USERS } from "@/e2e/demo-accounts";
import { freePort } from "@/lib/testing/free-port";
import { startConsole, waitForIngest } from "./load-server";
import { round } from "./measure";

/** The pages of issue #20 item 6, in the seeded demo workspace, signed in as its owner. */
export const BENCH_PAGES = [
  { name: "documents", path: "/t/demo/documents" },
  { name: "search", path: "/t/demo/search?q=retention" },
  { name: "dashboard", path: "/t/demo/dashboard" },
  { name: "corrections", path: "/t/demo/corrections" },
] as const;

/** Lighthouse's mobile preset is its default (simulated throttling, moto G power); desktop is its own config. */
export const PRESETS = ["mobile", "desktop"] as const;
export type Preset = (typeof PRESETS)[number];
const LIGHTHOUSE_SCRIPT = path.join(process.cwd(), "lib", "bench", "pages-lighthouse.mjs");
const run = promisify(execFile);

/** The mobile targets of issue #20: each figure at most this. */
export const MOBILE_TARGETS = { lcpMs: 2_500, tbtMs: 200, cls: 0.05 } as const;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * playwright.config.ts's flags (this machine has no internet: keep Chromium from reaching out),
 * plus headless and no sandbox, which Playwright adds itself (the bench runs as root).
 */
const CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** How long the demo documents may take to be processed after the console is ready. */
const INGEST_TIMEOUT_MS = 5 * 60_000;

export interface PageFigures {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  ttiMs: number;
}

interface PageReport {
  page: string;
  preset: Preset;
  /** The median of each figure over the runs (each figure on its own). */
  median: PageFigures;
  runs: PageFigures[];
  /** Lighthouse's CPU benchmark of this machine during the runs: lower means a busier machine. */
  benchmarkIndex: number[];
  /** Mobile only: which targets the median misses. */
  missed: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Signs the demo owner in through the login form and returns the session as a Cookie header. */
async function signIn(baseUrl: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS.slice(2) });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
    await page.getByLabel("Email").fill(DEMO_USERS.owner.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/t\/[^/]+\/documents$/, { timeout: 60_000 });
    const cookies = await page.context().cookies(baseUrl);
    if (!cookies.some((c) => c.name.includes("session-token"))) throw new Error("signing in gave no session cookie");
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

/** Where a run's main-thread time went (throttled milliseconds), from Lighthouse's diagnostics. */
export interface WhereTimeGoes {
  /** The costliest scripts (`bootup-time`). */
  scripts: { url: string; totalMs: number; scriptingMs: number; parseMs: number }[];
  /** Time per kind of work (`mainthread-work-breakdown`), e.g. scriptEvaluation, styleLayout. */
  work: Record<string, number>;
  /** The longest tasks, attributed to a script where Lighthouse can (`long-tasks`). */
  longTasks: { url: string; startMs: number; durationMs: number }[];
  /** The HTML of the element whose paint LCP timed (null when Lighthouse names none). */
  lcpElement: string | null;
}

interface LighthouseAnswer {
  score: number | null;
  numeric: Record<string, number | null>;
  finalDisplayedUrl: string;
  runtimeError: { code: string; message: string } | null;
  benchmarkIndex: number;
  whereTimeGoes: WhereTimeGoes;
}

/** One Lighthouse run, in a plain Node process of its own (see pages-lighthouse.mjs for why). */
async function lighthouseRun(url: string, preset: Preset, port: number, cookie: string): Promise<{ figures: PageFigures; benchmarkIndex: number; whereTimeGoes: WhereTimeGoes }> {
  const { stdout } = await run(process.execPath, [LIGHTHOUSE_SCRIPT, JSON.stringify({ url, preset, port, cookie })], { maxBuffer: 16 * 2 ** 20, timeout: 5 * 60_000 });
  const lhr = JSON.parse(stdout.trim().split("\n").at(-1)!) as LighthouseAnswer;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // Without the session the console redirects to the login page, which would be measured instead.
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}: not signed in?`);
  const numeric = (id: string) => {
    const value = lhr.numeric[id];
    if (value === null || value === undefined) throw new Error(`Lighthouse gave no ${id} for ${url}`);
    return value;
  };
  return {
    figures: {
      score: lhr.score ?? 0,
      lcpMs: Math.round(numeric("largest-contentful-paint")),
      tbtMs: Math.round(numeric("total-blocking-time")),
      cls: round(numeric("cumulative-layout-shift"), 3),
      fcpMs: Math.round(numeric("first-contentful-paint")),
      ttiMs: Math.round(numeric("interactive")),
    },
    benchmarkIndex: Math.round(lhr.benchmarkIndex),
    whereTimeGoes: lhr.whereTimeGoes,
  };
}

/** A script's URL as the console's own path (its chunk's name), or as Lighthouse gave it. */
function scriptName(url: string, origin: string): string {
  return url.startsWith(origin) ? url.slice(origin.length) : url;
}

/** One line per kind of diagnostic: the costliest scripts, the kinds of work, the longest tasks. */
function printWhereTimeGoes(where: WhereTimeGoes, origin: string): void {
  const ms = (n: number) => `${n} ms`;
  console.log(`    scripts: ${where.scripts.map((s) => `${scriptName(s.url, origin)} ${ms(s.totalMs)} (run ${s.scriptingMs}, parse ${s.parseMs})`).join("; ")}`);
  console.log(`    work: ${Object.entries(where.work).map(([group, duration]) => `${group} ${ms(duration)}`).join(", ")}`);
  console.log(`    long tasks: ${where.longTasks.map((t) => `${ms(t.durationMs)} at ${ms(t.startMs)} ${scriptName(t.url, origin)}`).join("; ")}`);
  console.log(`    LCP element: ${where.lcpElement ?? "none named"}`);
}

/** Lighthouse on a busy machine sometimes loses its trace (NO_NAVSTART, NO_FCP): such a run is tried again, twice at most. */
async function withRetries<T>(what: string, attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      console.log(`[${what}] run failed, trying again: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function missedTargets(f: PageFigures): string[] {
  const missed: string[] = [];
  if (f.lcpMs > MOBILE_TARGETS.lcpMs) missed.push("LCP");
  if (f.tbtMs > MOBILE_TARGETS.tbtMs) missed.push("TBT");
  if (f.cls > MOBILE_TARGETS.cls) missed.push("CLS");
  return missed;
}

function printTable(reports: PageReport[]): void {
  const mark = (r: PageReport, figure: string) => (r.preset === "mobile" ? (r.missed.includes(figure) ? " ✗" : " ✓") : "");
  const rows = reports.map((r) => [
    r.page,
    r.preset,
    r.median.score.toFixed(2),
    `${(r.median.lcpMs / 1000).toFixed(2)} s${mark(r, "LCP")}`,
    `${r.median.tbtMs} ms${mark(r, "TBT")}`,
    `${r.median.cls.toFixed(3)}${mark(r, "CLS")}`,
    `${(r.median.fcpMs / 1000).toFixed(2)} s`,
    `${(r.median.ttiMs / 1000).toFixed(2)} s`,
    String(r.runs.length),
  ]);
  const header = ["page", "preset", "score", "LCP", "TBT", "CLS", "FCP", "TTI", "runs"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
  console.log(`mobile targets: LCP <= ${MOBILE_TARGETS.lcpMs / 1000} s, TBT <= ${MOBILE_TARGETS.tbtMs} ms, CLS <= ${MOBILE_TARGETS.cls} (✓ met, ✗ missed)`);
}

/**
 * `npm run bench -- pages [runs] [mobile|desktop|both] [all|documents,search,dashboard,corrections]`: issue #20's mobile speed. The production
 * console (`npm start`) on a fresh data directory with the demo data; once the demo documents are
 * processed, the demo owner signs in through the login form in Chromium and Lighthouse measures each
 * page of BENCH_PAGES (or those named) with its session cookie, `runs` times per preset (median of each figure).
 * Exits 1 when a mobile median misses a target.
 */
export async function benchPages({ runs = 3, preset = "both", only = "all" }: { runs?: number; preset?: Preset | "both"; only?: string } = {}) {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number >= 1, not ${runs}`);
  if (preset !== "both" && !PRESETS.includes(preset)) throw new Error(`the preset must be ${PRESETS.join(", ")} or both, not ${preset}`);
  const presets = preset === "both" ? PRESETS : [preset];
  const names = only === "all" ? BENCH_PAGES.map((p) => p.name) : only.split(",");
  const pages = BENCH_PAGES.filter((p) => names.includes(p.name));
  if (pages.length !== names.length) throw new Error(`the pages must be all or some of ${BENCH_PAGES.map((p) => p.name).join(",")}, not ${only}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tkc-pages-"));
  const stops: (() => Promise<void>)[] = [];
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, STORAGE_DIR: "", DATABASE_URL: "", SEED_DEMO_DATA: "true", EMBEDDING_API_URL: "" };
    const port = await freePort();
    console.log(`starting the console on port ${port} with the demo data (it builds first when the sources changed)`);
    const server = await startConsole({ port, env, log: path.join(dataDir, "console.log") });
    stops.push(() => server.stop());
    const baseUrl = `http://localhost:${port}`;
    console.log("waiting for the demo documents to be processed");
    await waitForIngest(baseUrl, INGEST_TIMEOUT_MS);
    // The first request to a route loads its code; the measured runs should not pay for that.
    const warmCookie = await signIn(baseUrl);
    for (const page of BENCH_PAGES) {
      const answer = await fetch(`${baseUrl}${page.path}`, { headers: { cookie: warmCookie }, redirect: "manual" });
      if (answer.status !== 200) throw new Error(`warm-up of ${page.path} answered ${answer.status}`);
      await answer.text();
    }

    const reports: PageReport[] = [];
    for (const p of presets) {
      for (const page of pages) {
        // A fresh session per page and preset (the idle limit counts from sign-in here, as nothing
        // reads the re-issued cookie), and a fresh Chromium per run: in one reused browser, the
        // cookie the console re-issued during a run left the next run signed out.
        const cookie = await signIn(baseUrl);
        const measured: { figures: PageFigures; benchmarkIndex: number; whereTimeGoes: WhereTimeGoes }[] = [];
        for (let run = 1; run <= runs; run++) {
          const one = await withRetries(`${p} ${page.name}`, async () => {
            const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, logLevel: "error" });
            try {
              return await lighthouseRun(`${baseUrl}${page.path}`, p, chrome.port, cookie);
            } finally {
              chrome.kill();
            }
          });
          console.log(`[${p}] ${page.name} run ${run}/${runs}: score ${one.figures.score}, LCP ${one.figures.lcpMs} ms, TBT ${one.figures.tbtMs} ms, CLS ${one.figures.cls}`);
          printWhereTimeGoes(one.whereTimeGoes, baseUrl);
          measured.push(one);
        }
        const figures = measured.map((m) => m.figures);
        const med: PageFigures = {
          score: median(figures.map((f) => f.score)),
          lcpMs: median(figures.map((f) => f.lcpMs)),
          tbtMs: median(figures.map((f) => f.tbtMs)),
          cls: median(figures.map((f) => f.cls)),
          fcpMs: median(figures.map((f) => f.fcpMs)),
          ttiMs: median(figures.map((f) => f.ttiMs)),
        };
        reports.push({ page: page.name, preset: p, median: med, runs: figures, benchmarkIndex: measured.map((m) => m.benchmarkIndex), missed: p === "mobile" ? missedTargets(med) : [] });
      }
    }
    const report = {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      settings: { runs, presets, pages: names, chromium: CHROMIUM, targets: MOBILE_TARGETS },
      pages: reports,
    };
    console.log(JSON.stringify(report, null, 2));
    printTable(reports);
    if (reports.some((r) => r.missed.length > 0)) process.exitCode = 1;
    return report;
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error("stopping failed", error));
    await rm(dataDir, { recursive: true, force: true });
  }
}
