import { loadEnvConfig } from "@next/env";
import { setDatabase } from "@/db/client";
import { openConfiguredDatabase } from "@/db/open-configured";
import { readEnv } from "@/lib/env";
import { DEFAULT_WORKER_OPTIONS, startWorker } from "./worker";

// `npm run worker`: a separate ingestion process for a PostgreSQL server shared by many processes.
async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const env = readEnv();
  if (!env.DATABASE_URL) {
    console.error(
      "npm run worker needs DATABASE_URL: the embedded database allows one process, and `npm start` already runs a worker inside the server.",
    );
    process.exit(2);
  }
  const handle = await openConfiguredDatabase({ poolMax: env.WORKER_CONCURRENCY + 1 });
  setDatabase(handle);
  const worker = startWorker({ ...DEFAULT_WORKER_OPTIONS, concurrency: env.WORKER_CONCURRENCY });
  console.log(`Document worker running with ${env.WORKER_CONCURRENCY} lane(s). Ctrl-C to stop.`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log("Finishing the documents in progress…");
      worker
        .stop()
        .then(() => handle.close())
        .finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
