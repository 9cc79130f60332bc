import { loadEnvConfig } from "@next/env";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openConfiguredDatabase } from "@/db/open-configured";
import { readEnv, type Env } from "@/lib/env";
import { needsBuild } from "./build-state";
import { addCompileHints, browserChunksDir } from "./compile-hints";
import { startEmbeddedDatabase, type EmbeddedDatabaseProcess } from "./embedded-database-process";
import { embeddedSocketPath } from "./embedded-socket-path";
import { prepareDatabase } from "./prepare-database";

// `npm start`: build when needed, migrate, seed an empty database, then serve.
const root = process.cwd();
const nextBin = path.join(root, "node_modules", ".bin", "next");
const nextScript = path.join(root, "node_modules", "next", "dist", "bin", "next");
// Puts each request's peer address where clients cannot forge it (lib/security/client-address.ts).
const peerAddressHook = `--import=${pathToFileURL(path.join(root, "lib", "runtime", "peer-address-hook.mjs")).href}`;
// The embedded database's process may stop unexpectedly this often in RESTART_WINDOW_MS before the console gives up.
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 10 * 60_000;

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

async function prepareInThisProcess(env: Env): Promise<void> {
  const handle = await openConfiguredDatabase();
  try {
    await prepareDatabase(handle, env);
  } finally {
    // The embedded database allows one process at a time: close before the server opens it.
    await handle.close();
  }
}

/**
 * The embedded database in its own process, restarted when it stops unexpectedly (the server's
 * connection comes back on the same socket); `onGiveUp` runs after too many stops in a row.
 */
async function superviseEmbeddedDatabase(env: Env, onGiveUp: () => void): Promise<{ socketPath: string; stop(): Promise<void> }> {
  const socketPath = embeddedSocketPath(env.DATA_DIR);
  let current: EmbeddedDatabaseProcess = await startEmbeddedDatabase({ socketPath, env: process.env });
  let stopping = false;
  const stops: number[] = [];
  const watch = (running: EmbeddedDatabaseProcess) => {
    void running.exited.then(async (code) => {
      if (stopping) return;
      stops.push(Date.now());
      const recent = stops.filter((at) => Date.now() - at < RESTART_WINDOW_MS);
      if (recent.length > MAX_RESTARTS) {
        console.error(`The embedded database stopped ${recent.length} times in ten minutes (last exit: ${code ?? "a signal"}); stopping the console.`);
        return onGiveUp();
      }
      console.error(`The embedded database stopped unexpectedly (exit: ${code ?? "a signal"}); starting it again.`);
      try {
        current = await startEmbeddedDatabase({ socketPath, env: process.env });
        watch(current);
      } catch (error) {
        console.error(error instanceof Error ? error.message : error);
        onGiveUp();
      }
    });
  };
  watch(current);
  return {
    socketPath,
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
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
  // Idempotent, so a build made by `next build` alone gets them too.
  await addCompileHints(browserChunksDir(root));

  // The database's supervisor may give up before the server exists, or while it runs.
  const running: { server?: ReturnType<typeof spawn>; exitCode?: number } = {};
  const stopServer = (code: number) => {
    running.exitCode ??= code;
    const { server } = running;
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
    else process.exit(running.exitCode);
  };
  const ownProcess = !env.DATABASE_URL && env.EMBEDDED_DATABASE === "process";
  const database = ownProcess ? await superviseEmbeddedDatabase(env, () => stopServer(1)) : undefined;
  if (!database) await prepareInThisProcess(env);

  // TKC_SERVER_NODE_ARGS: options for the server's Node that NODE_OPTIONS refuses (e.g. --cpu-prof for a profile of a load run).
  const nodeArgs = process.env.TKC_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const server = spawn(nodeArgs.length ? process.execPath : nextBin, [...(nodeArgs.length ? [...nodeArgs, nextScript] : []), "start", "--port", String(env.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: authSecret(env.DATA_DIR, env.NEXTAUTH_SECRET),
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
      ...(database && { EMBEDDED_DATABASE_SOCKET: database.socketPath }),
      // The server closes the database itself before exiting (db/client.ts).
      NEXT_MANUAL_SIG_HANDLE: "true",
      // instrumentation.ts starts the document worker as the server starts.
      TKC_IN_PROCESS_WORKER: process.env.TKC_IN_PROCESS_WORKER ?? "true",
      NODE_OPTIONS: [process.env.NODE_OPTIONS, peerAddressHook].filter(Boolean).join(" "),
    },
  });
  running.server = server;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  // The database closes after the server, which finishes its transactions first.
  server.on("exit", (code, signal) => {
    const done = () => process.exit(running.exitCode ?? code ?? (signal ? 1 : 0));
    if (database) void database.stop().finally(done);
    else done();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
