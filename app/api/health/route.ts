import { connection } from "next/server";
import { RETRY_AFTER_SECONDS } from "@/lib/errors";
import { checkHealth } from "@/lib/health/check-health";

export async function GET(): Promise<Response> {
  await connection();
  const report = await checkHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store", ...(report.status === "ok" ? {} : { "Retry-After": String(RETRY_AFTER_SECONDS) }) },
  });
}
