// One Lighthouse run for lib/bench/pages.ts, in a plain Node process: under tsx, Lighthouse's
// functions that it evaluates in the page are compiled with esbuild's `__name` helper, which the
// page does not have ("__name is not defined"). Argument: JSON { url, preset, port, cookie }.
// Prints the figures the bench reads as one JSON line.
import lighthouse, { desktopConfig } from "lighthouse";

const { url, preset, port, cookie } = JSON.parse(process.argv[2] ?? "{}");
const result = await lighthouse(
  url,
  { port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: { Cookie: cookie } },
  preset === "desktop" ? desktopConfig : undefined,
);
if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
const { lhr } = result;
const numeric = Object.fromEntries(
  ["largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "first-contentful-paint", "interactive"].map((id) => [id, lhr.audits[id]?.numericValue ?? null]),
);
const items = (id) => lhr.audits[id]?.details?.items ?? [];
// Where the main thread's time went (throttled milliseconds, as TBT counts them): the costliest
// scripts, the kinds of work, and the long tasks that make up TBT.
const whereTimeGoes = {
  scripts: items("bootup-time")
    .slice(0, 6)
    .map((s) => ({ url: s.url, totalMs: Math.round(s.total), scriptingMs: Math.round(s.scripting), parseMs: Math.round(s.scriptParseCompile) })),
  work: Object.fromEntries(items("mainthread-work-breakdown").map((w) => [w.group, Math.round(w.duration)])),
  longTasks: items("long-tasks")
    .slice(0, 6)
    .map((t) => ({ url: t.url, startMs: Math.round(t.startTime), durationMs: Math.round(t.duration) })),
  // The element LCP timed: Lighthouse 12 gives a list whose first table holds its node.
  lcpElement: items("largest-contentful-paint-element").flatMap((table) => table.items ?? []).find((row) => row.node)?.node.snippet ?? null,
};
console.log(
  JSON.stringify({
    score: lhr.categories.performance?.score ?? null,
    numeric,
    finalDisplayedUrl: lhr.finalDisplayedUrl,
    runtimeError: lhr.runtimeError ?? null,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    whereTimeGoes,
  }),
);
