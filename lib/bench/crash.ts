import os from "node:os";
import { runCrashLoop } from "@/lib/doctor/crash-loop";

/**
 * `npm run bench -- crash [documents] [kills]`: issue #9's crash test at full size (50 documents,
 * 20 SIGKILLs of the real worker at random points), with the time each phase took. Exits 1 when an
 * invariant broke.
 */
export async function benchCrash({ documents = 50, kills = 20 }: { documents?: number; kills?: number } = {}) {
  const result = await runCrashLoop({ documents, kills, log: (line) => console.log(line) });
  const interrupted = result.kills.filter((k) => k.after.processing > 0).length;
  const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1));
  const report = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
    documents,
    kills,
    killsThatInterruptedADocument: interrupted,
    final: result.final,
    seconds: result.seconds,
    meanWorkerStartMs: mean(result.kills.map((k) => k.startMs)),
    meanReopenAfterKillMs: mean(result.kills.map((k) => k.reopenMs)),
    violations: result.violations,
  };
  console.log(JSON.stringify(report, null, 2));
  if (result.violations.length) process.exitCode = 1;
  return report;
}
