import { loadEnvConfig } from "@next/env";
import { setDatabase } from "@/db/client";
import { openConfiguredDatabase } from "@/db/open-configured";
import { DEFAULT_WORKER_OPTIONS } from "@/lib/ingest/worker";
import { getStorage } from "@/lib/storage";
import { formatDoctorRun, runDoctor } from "./doctor";

// `npm run doctor [-- --repair]`: exit 0 when consistent, 1 when problems remain, 2 on bad usage.
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--repair");
  if (unknown.length) {
    console.error(`Unknown option ${unknown.join(" ")}. Usage: npm run doctor [-- --repair]`);
    return 2;
  }
  const repair = args.includes("--repair");
  loadEnvConfig(process.cwd());
  const handle = await openConfiguredDatabase();
  setDatabase(handle);
  try {
    // The embedded database admits one process, and this is it: every `processing` row lost its worker.
    const leaseMs = handle.driver === "pglite" ? 0 : DEFAULT_WORKER_OPTIONS.leaseMs;
    const run = await runDoctor({ storage: getStorage(), leaseMs, repair });
    console.log(formatDoctorRun(run, { repair }));
    return run.remaining.length === 0 ? 0 : 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
