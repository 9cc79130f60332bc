import { loadEnvConfig } from "@next/env";
import { openConfiguredDatabase } from "./open-configured";

async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const handle = await openConfiguredDatabase();
  try {
    await handle.migrate();
    console.log(`migrations applied (${handle.driver})`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
