import { and, count, eq, gte } from "drizzle-orm";
import { closeDatabase, getDatabase } from "@/db/client";
import { documents } from "@/db/schema";
import { startInProcessWorker } from "@/lib/ingest/worker-host";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { statusCounts } from "./doctor";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The process the crash loop kills: the embedded database opened as the server opens it, and the
 * in-process worker started as the server's start-up (instrumentation.ts) starts it (release the
 * claims a stopped process left, then work), without the web server. Prints "ready" once the worker
 * runs, then "working" once a document is being processed (or "idle" when none is left), so the
 * kill lands during ingestion rather than during start-up. With `--until-settled` it closes the
 * database and exits 0 when no document is pending or processing.
 */
async function main(): Promise<void> {
  const started = new Date();
  // Opened first so that a database that cannot be opened fails the run instead of the worker's lanes.
  await getDatabase();
  await startInProcessWorker();
  console.log("ready");
  if (process.argv.includes("--until-settled")) {
    for (let c = await statusCounts(); c.pending + c.processing > 0; c = await statusCounts()) await sleep(200);
    await closeDatabase();
    process.exit(0);
  }
  // Rows the killed process left `processing` are not work until this process claims them again.
  const claimedHere = async () =>
    (await withSystem("the crash loop watches for a claim", (tx) => tx.select({ n: count() }).from(documents).where(and(eq(documents.status, "processing"), gte(documents.lockedAt, started)))))[0]!.n;
  for (;;) {
    if ((await claimedHere()) > 0) return void console.log("working");
    const counts = await statusCounts();
    if (counts.pending + counts.processing === 0) return void console.log("idle");
    await sleep(20);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
