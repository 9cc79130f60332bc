import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { EmbeddedDatabaseMessage } from "./embedded-database";

const SCRIPT = path.join(process.cwd(), "lib", "runtime", "embedded-database.ts");
// A process that does not close the data directory in this long after being asked is killed.
const STOP_GRACE_MS = 30_000;

export interface EmbeddedDatabaseProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone, however it went. */
  exited: Promise<number | null>;
  /** Asks the process to close the data directory and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts lib/runtime/embedded-database.ts serving the data directory on `socketPath`, resolved once it
 * listens (after migrating and seeding). A process that ends before that rejects with its exit code;
 * what went wrong it has printed itself.
 */
export function startEmbeddedDatabase({ socketPath, env }: { socketPath: string; env: NodeJS.ProcessEnv }): Promise<EmbeddedDatabaseProcess> {
  // Node itself with tsx loaded, not the tsx command, which would fork one more process.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", SCRIPT], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...env, EMBEDDED_DATABASE_SOCKET: socketPath },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: "stop" });
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.on("message", (message: EmbeddedDatabaseMessage) => {
      if (message.type === "ready") resolve({ child, exited, stop });
    });
    void exited.then((code) => reject(new Error(`The embedded database did not start (its process exited with ${code ?? "a signal"}).`)));
  });
}
