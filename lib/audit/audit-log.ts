import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { calendarDate } from "@/lib/api/calendar-date";
import { containsPattern, queryRows } from "@/db/connect";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { nameTargets } from "./audit-targets";

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  targetType: z.string().trim().max(100).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  /** The id of the last entry of the previous page: pages go newest first. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEntryJson = {
  id: number;
  tenantId: string | null;
  tenantSlug: string | null;
  actorEmail: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** What the target is called: recorded in the entry, else looked up; null when neither knows. */
  targetName: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
};

const DAY_MS = 86_400_000;

function conditions(filter: AuditFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.actor) parts.push(sql`(a.actor->>'email' ILIKE ${containsPattern(filter.actor)} OR a.actor->>'userId' = ${filter.actor} OR a.actor->>'apiKeyId' = ${filter.actor})`);
  if (filter.action) parts.push(sql`a.action = ${filter.action}`);
  if (filter.targetType) parts.push(sql`a.target_type = ${filter.targetType}`);
  if (filter.from) parts.push(sql`a.created_at >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to) parts.push(sql`a.created_at < ${new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS).toISOString()}::timestamptz`);
  if (filter.before) parts.push(sql`a.id < ${filter.before}`);
  return sql.join(parts, sql` AND `);
}

async function page(db: Executor, filter: AuditFilter, scope: SQL) {
  const rows = await queryRows<Omit<AuditEntryJson, "targetName">>(
    db,
    sql`SELECT a.id::float8 AS id, a.tenant_id::text AS "tenantId", t.slug AS "tenantSlug",
        a.actor->>'email' AS "actorEmail", a.actor->>'userId' AS "actorUserId", a.actor->>'apiKeyId' AS "actorApiKeyId",
        a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.details, host(a.ip) AS ip,
        to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
      FROM audit_log a LEFT JOIN tenants t ON t.id = a.tenant_id
      WHERE ${scope} AND ${conditions(filter)}
      ORDER BY a.id DESC LIMIT ${filter.limit + 1}`,
  );
  const more = rows.length > filter.limit;
  const entries = await nameTargets(db, rows.slice(0, filter.limit));
  // The filter choices come with the first page only; "load more" does not need them again.
  const facets = filter.before ? [] : await queryRows<{ kind: string; value: string }>(
    db,
    sql`SELECT DISTINCT 'action' AS kind, action AS value FROM audit_log a WHERE ${scope}
      UNION SELECT DISTINCT 'target', target_type FROM audit_log a WHERE ${scope} AND target_type IS NOT NULL ORDER BY 1, 2`,
  );
  return {
    entries,
    nextBefore: more ? entries[entries.length - 1]!.id : null,
    actions: facets.filter((f) => f.kind === "action").map((f) => f.value),
    targetTypes: facets.filter((f) => f.kind === "target").map((f) => f.value),
  };
}

/** The workspace's audit log, newest first; row level security keeps it to the actor's tenant. */
export async function listAuditEntries({ actor, filter }: { actor: Actor; filter: AuditFilter }) {
  return withTenant(actor, (tx) => page(tx, filter, sql`a.tenant_id = ${actor.tenantId}::uuid`));
}

/**
 * Every tenant's entries and the events above any tenant (sign-ins, workspaces created and deleted),
 * or one workspace's; the first page also lists the workspaces to filter by.
 */
export async function listGlobalAuditEntries({ filter, tenantSlug }: { filter: AuditFilter; tenantSlug?: string }) {
  return withSystem("superuser global audit log", async (tx) => {
    const result = await page(tx, filter, tenantSlug ? sql`a.tenant_id = (SELECT id FROM tenants WHERE slug = ${tenantSlug})` : sql`true`);
    const workspaces = filter.before ? [] : await queryRows<{ slug: string; name: string }>(tx, sql`SELECT slug, name FROM tenants ORDER BY lower(name), slug`);
    return { ...result, workspaces };
  });
}
