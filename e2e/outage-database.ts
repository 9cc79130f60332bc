// A PostgreSQL server that can go away and come back, for e2e/database-outage.spec.ts: a migrated,
// seeded PGlite served over the wire on PORT, whose socket stops on "stop" and listens again on
// "start" (lines on stdin), the data staying in between. Run with tsx --conditions=react-server,
// like `npm start`, since the seed reaches server-only modules.
import { createInterface } from "node:readline";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { openPglite } from "@/db/connect";
import { seedDemoData } from "@/db/seed";
import { readEnv } from "@/lib/env";
import { LocalStorage } from "@/lib/storage/local-storage";

async function main(): Promise<void> {
  const handle = await openPglite(undefined);
  await handle.migrate();
  await seedDemoData(handle, new LocalStorage(readEnv().storageDir));
  // pglite-socket serves one connection at a time; the app connects with DATABASE_POOL_MAX=1.
  const server = new PGLiteSocketServer({ db: handle.pglite!, host: "127.0.0.1", port: Number(process.env.PORT), maxConnections: 1 });
  await server.start();
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "stop") {
      await server.stop();
      console.log("stopped");
    } else if (line === "start") {
      await server.start();
      console.log("started");
    }
  }
  await server.stop();
  await handle.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
