import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, openSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The processes of the load benchmark: the console as `npm start` runs it, and their memory.

const ROOT = process.cwd();

export interface BenchProcess {
  child: ChildProcess;
  log: string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL to the whole process group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

// Children run in their own process groups, so a bench stopped by a signal would leave them running
// (a database process once went on writing for 45 minutes): run.ts kills these on SIGINT/SIGTERM.
const running = new Set<number>();

/** Kills every bench child still running, with its whole process group. */
export function killBenchProcesses(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

/**
 * Node itself runs the script with tsx loaded (not the tsx command, which forks a second process),
 * in its own process group so a stuck tree can be killed whole. Its output goes to `log`.
 */
export function spawnScript(script: string, args: string[], { env, log }: { env: NodeJS.ProcessEnv; log: string }): BenchProcess {
  const fd = openSync(log, "a");
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", fd],
  });
  closeSync(fd);
  // Also readable by the caller (the database process announces itself there).
  child.stdout!.pipe(createWriteStream(log, { flags: "a" }));
  running.add(child.pid!);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(() => running.delete(child.pid!));
  return {
    child,
    log,
    exited,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a log, for an error message. */
export function logTail(log: string, lines = 30): string {
  try {
    return readFileSync(log, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * `npm start` (build when needed, migrate, serve with the in-process worker) on `port`, resolved
 * once /api/ready answers: the database too, not only the process. The first start builds, hence
 * the long wait.
 */
export async function startConsole({ port, env, log }: { port: number; env: NodeJS.ProcessEnv; log: string }): Promise<BenchProcess> {
  const server = spawnScript("lib/runtime/start.ts", [], { env: { ...env, PORT: String(port) }, log });
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the console exited with ${server.child.exitCode}:\n${logTail(log)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/ready`).then((r) => r.ok, () => false);
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await server.stop();
  throw new Error(`the console was not ready (/api/ready) within 10 minutes:\n${logTail(log)}`);
}

/** Polls /api/ready until ingestion is idle (nothing queued, nothing in progress): the demo documents, at first. */
export async function waitForIngest(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const report = (await fetch(`${baseUrl}/api/ready`).then((r) => r.json(), () => null)) as { ingest?: { queued: number; processing: number } } | null;
    if (report?.ingest && report.ingest.queued === 0 && report.ingest.processing === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`ingestion was not idle within ${timeoutMs / 1000} s`);
}

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the parenthesised command name: state, ppid, ...
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory of a process and all its descendants, in kB. */
function treeRssKb(root: number, children: Map<number, number[]>): number {
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rssKb(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Samples the peak resident memory of each named process tree every 250 ms until `stop()`. */
export function samplePeakRss(roots: Record<string, number>): { stop(): Record<string, number> } {
  const peaksKb: Record<string, number> = Object.fromEntries(Object.keys(roots).map((name) => [name, 0]));
  const sample = () => {
    const children = childrenOf();
    for (const [name, pid] of Object.entries(roots)) peaksKb[name] = Math.max(peaksKb[name]!, treeRssKb(pid, children));
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Object.fromEntries(Object.entries(peaksKb).map(([name, kb]) => [name, Math.round(kb / 1024)]));
    },
  };
}
