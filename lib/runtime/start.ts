import { loadEnvConfig } from "@next/env";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openConfiguredDatabase } from "@/db/open-configured";
import { isDatabaseEmpty, seedDemoData } from "@/db/seed";
import { readEnv } from "@/lib/env";
import { LocalStorage } from "@/lib/storage/local-storage";
import { needsBuild } from "./build-state";

// `npm start`: build when needed, migrate, seed an empty database, then serve.
const root = process.cwd();
const nextBin = path.join(root, "node_modules", ".bin", "next");
// Puts each request's peer address where clients cannot forge it (lib/security/client-address.ts).
const peerAddressHook = `--import=${pathToFileURL(path.join(root, "lib", "runtime", "peer-address-hook.mjs")).href}`;

/** A stable secret for signing sessions, kept in the data directory when none is configured. */
function authSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function prepareDatabase(): Promise<void> {
  const env = readEnv();
  const handle = await openConfiguredDatabase();
  try {
    await handle.migrate();
    if (env.SEED_DEMO_DATA && (await isDatabaseEmpty(handle))) {
      console.log("Empty database: adding the demo workspaces and accounts (see README).");
      await seedDemoData(handle, new LocalStorage(env.storageDir));
    }
  } finally {
    // The embedded database allows one process at a time: close before the server opens it.
    await handle.close();
  }
}

async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const env = readEnv();
  if (needsBuild(root)) {
    console.log("Building the console (first start or changed sources)…");
    const build = spawnSync(nextBin, ["build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  await prepareDatabase();

  const server = spawn(nextBin, ["start", "--port", String(env.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: authSecret(env.DATA_DIR, env.NEXTAUTH_SECRET),
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
      // The server closes the database itself before exiting (db/client.ts).
      NEXT_MANUAL_SIG_HANDLE: "true",
      // instrumentation.ts starts the document worker as the server starts.
      TKC_IN_PROCESS_WORKER: process.env.TKC_IN_PROCESS_WORKER ?? "true",
      NODE_OPTIONS: [process.env.NODE_OPTIONS, peerAddressHook].filter(Boolean).join(" "),
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
