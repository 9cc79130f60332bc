import type { DatabaseHandle } from "@/db/connect";
import { isDatabaseEmpty, seedDemoData } from "@/db/seed";
import type { Env } from "@/lib/env";
import { LocalStorage } from "@/lib/storage/local-storage";

/** What `npm start` does to a database before serving it: migrate, and seed it when empty (unless told not to). */
export async function prepareDatabase(handle: DatabaseHandle, env: Env): Promise<void> {
  await handle.migrate();
  if (env.SEED_DEMO_DATA && (await isDatabaseEmpty(handle))) {
    console.log("Empty database: adding the demo workspaces and accounts (see README).");
    await seedDemoData(handle, new LocalStorage(env.storageDir));
  }
}
