import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openPglite } from "@/db/connect";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

// A fresh PGlite takes seconds to initialise: migrate one once per run, and every test file
// clones it from this dump (see test-database.ts).
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tkc-template-"));
  const handle = await openPglite(undefined);
  await handle.migrate();
  const dump = await handle.pglite!.dumpDataDir("gzip");
  await handle.close();
  const file = path.join(dir, "template.tar.gz");
  await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(dir, { recursive: true, force: true });
}
