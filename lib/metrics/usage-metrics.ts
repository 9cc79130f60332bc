import { sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DashboardRange } from "./dashboard-range";

export interface UsageMetrics {
  documentsByStatus: { status: string; documents: number }[];
  chunks: number;
  storedBytes: number;
  /** Per day of the window: uploads, their bytes, and the stored total at the end of the day. */
  storage: { day: string; uploads: number; bytes: number; totalBytes: number }[];
  members: number;
  /** Members who searched or uploaded in the window. */
  activeMembers: number;
  corrections: {
    perDay: { day: string; applied: number; succeeded: number; failed: number }[];
    /** Reported right among reported outcomes in the window; null when none was reported. */
    successRate: number | null;
    top: { id: string; originalText: string; correctedText: string; applied: number }[];
    pendingReviews: number;
  };
}

/** Documents, storage, members and corrections of the tenant, computed in SQL. */
export async function getUsageMetrics({ actor, range }: { actor: Actor; range: DashboardRange }): Promise<UsageMetrics> {
  const from = sql`${range.from.toISOString()}::timestamptz`;
  const to = sql`${range.to.toISOString()}::timestamptz`;
  const days = sql`generate_series(date_trunc('day', ${from} AT TIME ZONE 'UTC'), ${to} AT TIME ZONE 'UTC' - interval '1 microsecond', interval '1 day')`;
  return withTenant(actor, async (tx) => {
    const documentsByStatus = await queryRows<{ status: string; documents: number }>(
      tx,
      sql`SELECT status::text AS status, count(*)::int AS documents FROM documents WHERE tenant_id = ${actor.tenantId}::uuid GROUP BY status ORDER BY status`,
    );
    const [totals] = await queryRows<{ chunks: number; bytes: number; members: number }>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM chunks WHERE tenant_id = ${actor.tenantId}::uuid) AS chunks,
          (SELECT coalesce(sum(file_size), 0)::float8 FROM documents WHERE tenant_id = ${actor.tenantId}::uuid) AS bytes,
          (SELECT count(*)::int FROM memberships WHERE tenant_id = ${actor.tenantId}::uuid) AS members`,
    );
    const storage = await queryRows<{ day: string; uploads: number; bytes: number; totalBytes: number }>(
      tx,
      sql`WITH per_day AS (
          SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, count(*)::int AS uploads, sum(file_size)::float8 AS bytes
          FROM documents WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${from} AND created_at < ${to} GROUP BY 1
        ), before AS (
          SELECT coalesce(sum(file_size), 0)::float8 AS bytes FROM documents WHERE tenant_id = ${actor.tenantId}::uuid AND created_at < ${from}
        )
        SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(p.uploads, 0) AS uploads, coalesce(p.bytes, 0) AS bytes,
          ((SELECT bytes FROM before) + sum(coalesce(p.bytes, 0)) OVER (ORDER BY d))::float8 AS "totalBytes"
        FROM ${days} d LEFT JOIN per_day p ON p.day = d ORDER BY d`,
    );
    const [active] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(DISTINCT u.user_id)::int AS n FROM (
          SELECT user_id FROM evaluation_run_users_in(${actor.tenantId}::uuid, ${from}, ${to})
          UNION ALL SELECT user_id FROM documents WHERE tenant_id = ${actor.tenantId}::uuid AND created_at >= ${from} AND created_at < ${to}
        ) u JOIN memberships m ON m.user_id = u.user_id AND m.tenant_id = ${actor.tenantId}::uuid`,
    );
    const perDay = await queryRows<{ day: string; applied: number; succeeded: number; failed: number }>(
      tx,
      sql`WITH h AS (
          SELECT date_trunc('day', applied_at AT TIME ZONE 'UTC') AS day, sum(occurrences)::int AS applied,
            count(*) FILTER (WHERE was_successful)::int AS succeeded, count(*) FILTER (WHERE NOT was_successful)::int AS failed
          FROM correction_history WHERE tenant_id = ${actor.tenantId}::uuid AND applied_at >= ${from} AND applied_at < ${to} GROUP BY 1
        )
        SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(h.applied, 0) AS applied, coalesce(h.succeeded, 0) AS succeeded, coalesce(h.failed, 0) AS failed
        FROM ${days} d LEFT JOIN h ON h.day = d ORDER BY d`,
    );
    const top = await queryRows<{ id: string; originalText: string; correctedText: string; applied: number }>(
      tx,
      sql`SELECT c.id::text, c.original_text AS "originalText", c.corrected_text AS "correctedText", sum(h.occurrences)::int AS applied
        FROM correction_history h JOIN tenant_corrections c ON c.id = h.correction_id
        WHERE h.tenant_id = ${actor.tenantId}::uuid AND h.applied_at >= ${from} AND h.applied_at < ${to}
        GROUP BY c.id HAVING sum(h.occurrences) > 0 ORDER BY applied DESC, c.original_text LIMIT 10`,
    );
    const [reviews] = await queryRows<{ pending: number }>(
      tx,
      sql`SELECT count(*)::int AS pending FROM tenant_corrections
        WHERE tenant_id = ${actor.tenantId}::uuid AND (status = 'suggested' OR (status = 'approved' AND review_reason IS NOT NULL))`,
    );
    const reported = perDay.reduce((n, d) => n + d.succeeded + d.failed, 0);
    return {
      documentsByStatus,
      chunks: totals!.chunks,
      storedBytes: totals!.bytes,
      storage,
      members: totals!.members,
      activeMembers: active!.n,
      corrections: {
        perDay,
        successRate: reported ? perDay.reduce((n, d) => n + d.succeeded, 0) / reported : null,
        top,
        pendingReviews: reviews!.pending,
      },
    };
  });
}
