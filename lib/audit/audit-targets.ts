import { inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { apiKeys, documents, evaluationRuns, evaluationSets, invitations, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import { uuidSchema } from "@/lib/tenancy/actor";

/** The fields of an audit entry a target's name is read from. */
export interface AuditTargetRow {
  targetType: string | null;
  targetId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  details: Record<string, unknown>;
}

const quoted = (text: string) => `“${text}”`;

type Lookup = (db: Executor, ids: string[]) => Promise<{ id: string; name: string | null }[]>;

/** The names of a table's rows with these ids: one query, whatever the number of ids. */
function namesIn(table: PgTable & { id: PgColumn }, name: PgColumn | SQL): Lookup {
  return (db, ids) => db.select({ id: sql<string>`${table.id}::text`, name: sql<string | null>`${name}` }).from(table).where(inArray(table.id, ids));
}

/** How each kind of target is named: from the fields its entries record, else from its own table. */
const TARGETS: Record<string, { recorded: (fields: Record<string, unknown>) => unknown; lookup: Lookup }> = {
  document: { recorded: (f) => f.filename, lookup: namesIn(documents, documents.filename) },
  user: { recorded: (f) => f.email, lookup: namesIn(users, users.email) },
  api_key: { recorded: (f) => f.name, lookup: namesIn(apiKeys, apiKeys.name) },
  invitation: { recorded: (f) => f.email, lookup: namesIn(invitations, invitations.email) },
  tenant: { recorded: (f) => f.name, lookup: namesIn(tenants, tenants.name) },
  correction: {
    recorded: (f) => (typeof f.originalText === "string" && typeof f.correctedText === "string" ? `${quoted(f.originalText)} → ${quoted(f.correctedText)}` : undefined),
    lookup: namesIn(tenantCorrections, sql`'“' || ${tenantCorrections.originalText} || '” → “' || ${tenantCorrections.correctedText} || '”'`),
  },
  glossary_entry: { recorded: (f) => f.entityText, lookup: namesIn(tenantContext, tenantContext.entityText) },
  evaluation_set: { recorded: (f) => f.name, lookup: namesIn(evaluationSets, evaluationSets.name) },
  // Feedback on a search records no query: the run has it.
  evaluation_run: { recorded: () => undefined, lookup: namesIn(evaluationRuns, sql`'search “' || ${evaluationRuns.query} || '”'`) },
};

const asObject = (value: unknown): Record<string, unknown> | null => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** The name an entry itself recorded for its target: after the change, else before it, else beside it. */
export function recordedTargetName(row: AuditTargetRow): string | null {
  const target = row.targetType ? TARGETS[row.targetType] : undefined;
  if (!target) return null;
  for (const fields of [asObject(row.details.after), asObject(row.details.before), row.details]) {
    const name = fields && target.recorded(fields);
    if (typeof name === "string" && name.trim()) return name;
  }
  // A sign-in, a password change: the user is the one acting.
  if (row.targetType === "user" && row.targetId && row.targetId === row.actorUserId && row.actorEmail) return row.actorEmail;
  return null;
}

/**
 * Each entry's target by name: what the entry recorded first, else the target as it is now, looked
 * up with one query per kind of target; null when neither knows it (deleted without a name kept,
 * or hidden from this tenant by row level security). Run in the transaction that read the entries.
 */
export async function nameTargets<T extends AuditTargetRow>(db: Executor, rows: T[]): Promise<(T & { targetName: string | null })[]> {
  const named = rows.map((row) => ({ ...row, targetName: recordedTargetName(row) }));
  const wanted = new Map<string, Set<string>>();
  for (const row of named) {
    // Ids are text in the log (no foreign keys): only a uuid can name a row of these tables.
    if (row.targetName || !row.targetType || !row.targetId || !TARGETS[row.targetType] || !uuidSchema.safeParse(row.targetId).success) continue;
    wanted.set(row.targetType, (wanted.get(row.targetType) ?? new Set()).add(row.targetId));
  }
  const found = new Map<string, Map<string, string>>();
  for (const [type, ids] of wanted) {
    const rowsFound = await TARGETS[type]!.lookup(db, [...ids]);
    found.set(type, new Map(rowsFound.filter((r) => r.name).map((r) => [r.id, r.name!])));
  }
  return named.map((row) => (row.targetName || !row.targetType || !row.targetId ? row : { ...row, targetName: found.get(row.targetType)?.get(row.targetId) ?? null }));
}
