import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import Papa from "papaparse";
import type { Transaction } from "@/db/client";
import { containsPattern, isUniqueViolation } from "@/db/connect";
import { tenantContext, type TenantContextEntry } from "@/db/schema";
import { CSV_FORMULA } from "@/lib/api/stream-csv";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { PoolTaskError, runInPool } from "@/lib/workers/pool";
import { GLOSSARY_CSV_COLUMNS, type ImportRow } from "./glossary-csv";
import type { GlossaryEntryInput, GlossaryListQuery } from "./schemas";


const g = tenantContext;

const IMPORT_BATCH = 1000;
/** Reading 20,000 rows takes well under a second; this is for a CSV built to be slow. */
const CSV_BUDGET_MS = 10_000;

function duplicate(input: { entityText: string; entityType: string }) {
  return new AppError("conflict:glossary", `“${input.entityText}” (${input.entityType}) is already in the glossary.`);
}

export async function listGlossary({ actor, query }: { actor: Actor; query: GlossaryListQuery }) {
  const filters: SQL[] = [];
  if (query.q) filters.push(sql`${g.entityText} ILIKE ${containsPattern(query.q)}`);
  if (query.type) filters.push(eq(g.entityType, query.type));
  return withTenant(actor, async (tx) => {
    const where = filters.length ? and(...filters) : undefined;
    const entries = await tx.select().from(g).where(where).orderBy(asc(g.entityText), asc(g.id)).limit(query.pageSize).offset((query.page - 1) * query.pageSize);
    // Counted apart from the page, so a page past the end still reports the real total.
    const [total] = await tx.select({ n: count() }).from(g).where(where);
    const types = await tx.selectDistinct({ type: g.entityType }).from(g).orderBy(asc(g.entityType));
    return { entries, total: total?.n ?? 0, types: types.map((t) => t.type) };
  });
}

export async function createGlossaryEntry({ actor, input }: { actor: Actor; input: GlossaryEntryInput }): Promise<TenantContextEntry> {
  try {
    return await withTenant(actor, async (tx) => {
      const [row] = await tx.insert(g).values({ tenantId: actor.tenantId, ...input }).returning();
      await recordAudit(tx, actor, { action: "glossary.created", targetType: "glossary_entry", targetId: row!.id, after: input });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input);
    throw error;
  }
}

export async function updateGlossaryEntry({ actor, id, input }: { actor: Actor; id: string; input: GlossaryEntryInput }): Promise<TenantContextEntry> {
  try {
    return await withTenant(actor, async (tx) => {
      const [before] = await tx.select().from(g).where(eq(g.id, id)).for("update");
      if (!before) throw new AppError("not_found:glossary_entry", "That glossary entry no longer exists.");
      const [row] = await tx.update(g).set({ ...input, sourceId: input.sourceId ?? null, updatedAt: new Date() }).where(eq(g.id, id)).returning();
      const pick = (e: TenantContextEntry) => ({ entityText: e.entityText, entityType: e.entityType, authorityScore: e.authorityScore, sourceId: e.sourceId });
      await recordAudit(tx, actor, { action: "glossary.updated", targetType: "glossary_entry", targetId: id, before: pick(before), after: pick(row!) });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input);
    throw error;
  }
}

export async function deleteGlossaryEntry({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [row] = await tx.delete(g).where(eq(g.id, id)).returning();
    if (!row) throw new AppError("not_found:glossary_entry", "That glossary entry no longer exists.");
    await recordAudit(tx, actor, { action: "glossary.deleted", targetType: "glossary_entry", targetId: id, before: { entityText: row.entityText, entityType: row.entityType } });
  });
}

/** Reads a glossary CSV (on a pool thread) and checks each row; nothing is written. */
export async function previewGlossaryImport({ actor, csv, signal }: { actor: Actor; csv: string; signal?: AbortSignal }): Promise<{ rows: ImportRow[]; valid: number; invalid: number }> {
  let read;
  try {
    read = await runInPool("readGlossaryCsv", { csv }, { budgetMs: CSV_BUDGET_MS, signal });
  } catch (error) {
    if (error instanceof PoolTaskError && (error.reason === "budget" || error.reason === "memory")) throw new AppError("too_large:csv", "Reading this CSV took too long, so it was stopped and nothing was imported. Split it into smaller files.");
    throw error;
  }
  if (!read.ok) throw new AppError(read.problem === "rows" ? "too_large:csv" : "bad_request:csv", read.message);
  const { rows } = read;
  const existing = await withTenant(actor, (tx) => tx.select({ text: g.entityText, type: g.entityType }).from(g));
  const known = new Set(existing.map((e) => `${e.text}\u0000${e.type}`));
  for (const row of rows) if (row.entry) row.exists = known.has(`${row.entry.entityText}\u0000${row.entry.entityType}`);
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return { rows, valid: rows.length - invalid, invalid };
}

/**
 * Adds new entries and updates the authority and source of existing ones (an entry that would not
 * change is left alone, so importing twice changes nothing), in batches: one statement for 20,000
 * rows would pass PostgreSQL's 65,535 bind parameters.
 */
export async function upsertGlossaryEntries(tx: Transaction, tenantId: string, entries: Omit<typeof g.$inferInsert, "tenantId">[]): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  for (let i = 0; i < entries.length; i += IMPORT_BATCH) {
    const written = await tx
      .insert(g)
      .values(entries.slice(i, i + IMPORT_BATCH).map((e) => ({ tenantId, ...e })))
      .onConflictDoUpdate({
        target: [g.tenantId, g.entityText, g.entityType],
        set: { authorityScore: sql`excluded.authority_score`, sourceId: sql`excluded.source_id`, updatedAt: new Date() },
        setWhere: sql`(tenant_context.authority_score, tenant_context.source_id) IS DISTINCT FROM (excluded.authority_score, excluded.source_id)`,
      })
      .returning({ inserted: sql<boolean>`xmax = 0` });
    added += written.filter((w) => w.inserted).length;
    updated += written.filter((w) => !w.inserted).length;
  }
  return { added, updated };
}

/** Imports the rows without errors (adding new entries, updating existing ones); rows with errors are skipped and counted. */
export async function importGlossary({ actor, csv }: { actor: Actor; csv: string }) {
  const preview = await previewGlossaryImport({ actor, csv });
  const good = preview.rows.filter((r) => r.errors.length === 0).map((r) => r.entry!);
  if (good.length === 0) throw new AppError("bad_request:csv", "No row of the CSV can be imported. Fix the errors shown in the preview.");
  return withTenant(actor, async (tx) => {
    const { added, updated } = await upsertGlossaryEntries(tx, actor.tenantId, good);
    const summary = { added, updated, unchanged: good.length - added - updated, skipped: preview.invalid };
    await recordAudit(tx, actor, { action: "glossary.imported", targetType: "glossary", details: summary });
    return summary;
  });
}

export async function exportGlossaryCsv({ actor }: { actor: Actor }): Promise<string> {
  const rows = await withTenant(actor, (tx) => tx.select().from(g).orderBy(asc(g.entityType), asc(g.entityText)));
  // escapeFormulae: a cell such as "=HYPERLINK(...)" must not run when the file is opened in a spreadsheet.
  return Papa.unparse({
    fields: [...GLOSSARY_CSV_COLUMNS],
    data: rows.map((r) => [r.entityText, r.entityType, r.authorityScore, r.sourceId ?? ""]),
  }, { escapeFormulae: CSV_FORMULA });
}
