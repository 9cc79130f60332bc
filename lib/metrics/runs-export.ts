import { sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { streamCsv } from "@/lib/api/stream-csv";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DashboardRange } from "./dashboard-range";

export const RUN_CSV_COLUMNS = ["id", "created_at", "query", "mode", "latency_ms", "result_count", "quality_score", "user_feedback", "comment", "token_count"] as const;
const BATCH = 2000;

type ExportRow = { id: string; created_at: string; query: string; mode: string; latency_ms: number; result_count: number; quality_score: number | null; user_feedback: string | null; comment: string | null; token_count: number };

/**
 * The runs of a window as CSV, read in keyset-paged batches (each its own short transaction), so a
 * 90-day export never sits in memory and never holds a transaction open.
 */
export function streamRunsCsv({ actor, range }: { actor: Actor; range: DashboardRange }): ReadableStream<Uint8Array> {
  return streamCsv<{ createdAt: string; id: string }>({
    header: RUN_CSV_COLUMNS,
    context: { export: "evaluation runs", tenantId: actor.tenantId },
    nextPage: async (after) => {
      const rows = await withTenant(actor, (tx) =>
        queryRows<ExportRow>(
          tx,
          sql`SELECT id::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, query, mode::text AS mode,
              latency_ms, result_count, quality_score, user_feedback::text AS user_feedback, metadata->>'comment' AS comment, token_count
            FROM evaluation_runs
            WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${range.from.toISOString()}::timestamptz AND created_at < ${range.to.toISOString()}::timestamptz
              ${range.mode ? sql`AND mode = ${range.mode}::search_mode` : sql``}
              ${after ? sql`AND (created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
            ORDER BY created_at, id LIMIT ${BATCH}`,
        ),
      );
      const last = rows[rows.length - 1];
      return { rows: rows.map((r) => RUN_CSV_COLUMNS.map((c) => r[c] ?? "")), cursor: rows.length === BATCH && last ? { createdAt: last.created_at, id: last.id } : null };
    },
  });
}
