import { connection } from "next/server";
import { liveness } from "@/lib/health/liveness";

/** Liveness: answers at once, whatever the database and the queues are doing (readiness: /api/ready). */
export async function GET(): Promise<Response> {
  // Rendered per request, never once at build time: the uptime is this process's.
  await connection();
  return Response.json(liveness(), { headers: { "Cache-Control": "no-store" } });
}
