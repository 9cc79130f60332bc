import { connection } from "next/server";
import { RETRY_AFTER_SECONDS } from "@/lib/errors";
import { checkReadiness } from "@/lib/health/check-readiness";

/** Readiness: 200 once the database answers (with the queues' lengths), else 503 with the reason. */
export async function GET(): Promise<Response> {
  await connection();
  const report = await checkReadiness();
  const ready = report.status === "ready";
  return Response.json(report, {
    status: ready ? 200 : 503,
    headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": String(RETRY_AFTER_SECONDS) }) },
  });
}
