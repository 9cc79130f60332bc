import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { queryRows } from "@/db/connect";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DashboardRange } from "./dashboard-range";

export const RUN_CSV_COLUMNS = ["id", "created_at", "query", "mode", "latency_ms", "result_count", "quality_score", "user_feedback", "comment", "token_count"] as const;
const BATCH = 2000;

type ExportRow = { id: string; created_at: string; query: string; mode: string; latency_ms: number; result_count: number; quality_score: number | null; user_feedback: string | null; comment: string | null; token_count: number };

/**
 * The runs of a window as CSV, read in keyset-paged batches (each its own short transaction) and
 * streamed, so a 90-day export never sits in memory and never holds a transaction open.
 */
export function streamRunsCsv({ actor, range }: { actor: Actor; range: DashboardRange }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { createdAt: string; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${RUN_CSV_COLUMNS.join(",")}\r\n`));
        }
        const cursor = after;
        const rows = await withTenant(actor, (tx) =>
          queryRows<ExportRow>(
            tx,
            sql`SELECT id::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, query, mode::text AS mode,
                latency_ms, result_count, quality_score, user_feedback::text AS user_feedback, metadata->>'comment' AS comment, token_count
              FROM evaluation_runs
              WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${range.from.toISOString()}::timestamptz AND created_at < ${range.to.toISOString()}::timestamptz
                ${range.mode ? sql`AND mode = ${range.mode}::search_mode` : sql``}
                ${cursor ? sql`AND (created_at, id) > (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : sql``}
              ORDER BY created_at, id LIMIT ${BATCH}`,
          ),
        );
        if (rows.length > 0) {
          // escapeFormulae: a query such as "=HYPERLINK(...)" must not run when opened in a spreadsheet.
          const body = Papa.unparse({ fields: [...RUN_CSV_COLUMNS], data: rows.map((r) => RUN_CSV_COLUMNS.map((c) => r[c] ?? "")) }, { header: false, escapeFormulae: true, newline: "\r\n" });
          controller.enqueue(encoder.encode(`${body}\r\n`));
          const last = rows[rows.length - 1]!;
          after = { createdAt: last.created_at, id: last.id };
        }
        if (rows.length < BATCH) controller.close();
      } catch (error) {
        console.error("evaluation run export failed", { tenantId: actor.tenantId, error });
        controller.error(error);
      }
    },
  });
}
