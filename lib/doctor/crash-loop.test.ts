import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { describe, expect, inject, it } from "vitest";
import { openPglite, wrapPglite } from "@/db/connect";
import { runCrashLoop } from "./crash-loop";

/** A new data directory starts from the run's migrated template instead of a 5-second initdb. */
async function openFromTemplate(dataDir: string) {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return openPglite(dataDir);
  const dump = await readFile(inject("pgliteTemplate"));
  return wrapPglite(await PGlite.create({ dataDir, loadDataDir: new Blob([new Uint8Array(dump)]), extensions: { vector } }));
}

describe("crash loop (the reduced run of `npm run bench -- crash`)", () => {
  it("SIGKILLed workers leave every document completed or failed, with one set of chunks and no stray files", { timeout: 120_000 }, async () => {
    const result = await runCrashLoop({ documents: 8, kills: 3, fileBytes: 32 * 1024, minDelayMs: 0, maxDelayMs: 1_000, seed: 9, createDatabase: openFromTemplate });
    expect(result.violations).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.kills).toHaveLength(3);
    // The first kill always finds documents waiting, so it lands during ingestion.
    expect(result.kills[0]!.during).toBe("ingestion");
    expect(result.final).toMatchObject({ pending: 0, processing: 0 });
    expect(result.final.completed + result.final.failed).toBe(8);
    expect(result.final.completed).toBeGreaterThan(0);
    console.log(`crash loop: ${JSON.stringify(result.seconds)} s; ${result.kills.filter((k) => k.after.processing > 0).length} of 3 kills interrupted a document`);
  });
});
