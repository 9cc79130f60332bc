import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/connect";
import { correctionStatusEnum, tenantCorrections, type CorrectionStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { pairKey } from "@/lib/corrections/correction-memory";
import { upsertGlossaryEntries } from "@/lib/corrections/glossary-service";
import { correctionPatchSchema, glossaryEntrySchema, newCorrectionSchema } from "@/lib/corrections/schemas";
import { phraseKey } from "@/lib/corrections/words";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { canImportTenantData } from "./access";
import { ENTRY, IMPORT_LIMITS } from "./format";
import { readExportArchive, type ArchiveContents } from "./import-archive";

export function assertCanImport(actor: Actor): void {
  if (!canImportTenantData(actor.role)) {
    throw new AppError("forbidden:scope", "Importing needs the right to add, review and edit corrections and the glossary. Ask a member, admin or owner.");
  }
}

const ERRORS_SHOWN = 50;
const BATCH = 500;

// Field checks are the ones the console applies when the same rows are typed in or imported from CSV.
const correctionLine = z.object({
  original_text: newCorrectionSchema.shape.originalText,
  corrected_text: newCorrectionSchema.shape.correctedText,
  confidence: correctionPatchSchema.shape.confidence.unwrap(),
  status: z.enum(correctionStatusEnum.enumValues),
  is_enabled: z.boolean().default(true),
  source: newCorrectionSchema.shape.source,
  context: newCorrectionSchema.shape.context.nullable(),
  review_reason: z.string().trim().max(500).nullish(),
  reviewed_at: z.iso.datetime({ offset: true }).nullish(),
});

const glossaryLine = z.object({
  entity_text: glossaryEntrySchema.shape.entityText,
  entity_type: glossaryEntrySchema.shape.entityType,
  authority_score: glossaryEntrySchema.shape.authorityScore,
  source_id: glossaryEntrySchema.shape.sourceId.nullable(),
});

interface CorrectionRow {
  originalText: string;
  originalKey: string;
  correctedText: string;
  confidence: number;
  status: CorrectionStatus;
  isEnabled: boolean;
  source: string;
  context: string | null;
  reviewReason: string | null;
  reviewedAt: Date | null;
}

interface GlossaryRow {
  entityText: string;
  entityType: string;
  authorityScore: number;
  sourceId: string | null;
}

export interface ImportLineError {
  file: string;
  line: number;
  message: string;
}

interface ParsedImport {
  source: ArchiveContents["manifest"];
  corrections: CorrectionRow[];
  glossary: GlossaryRow[];
  invalid: { corrections: number; glossary: number };
  /** The first ERRORS_SHOWN errors, in file order. */
  errors: ImportLineError[];
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ");
}

/**
 * Reads and checks every line; valid rows are kept (the archive's unpacked size bounds them), the
 * others counted with their line numbers. Repeats within the file are errors, as in the CSV import.
 */
async function parseImport(archivePath: string): Promise<ParsedImport> {
  const corrections: CorrectionRow[] = [];
  const glossary: GlossaryRow[] = [];
  const invalid = { corrections: 0, glossary: 0 };
  const errors: ImportLineError[] = [];
  const fail = (kind: keyof typeof invalid, line: number, message: string) => {
    invalid[kind]++;
    if (errors.length < ERRORS_SHOWN) errors.push({ file: ENTRY[kind], line, message });
  };
  function parse<S extends z.ZodType>(schema: S, kind: keyof typeof invalid, line: number, text: string): z.infer<S> | null {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      fail(kind, line, "Not valid JSON.");
      return null;
    }
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    fail(kind, line, describeIssues(result.error));
    return null;
  }
  const seenCorrections = new Map<string, number>();
  const seenGlossary = new Map<string, number>();

  const archive = await readExportArchive(archivePath, {
    corrections: (line, text) => {
      const row = parse(correctionLine, "corrections", line, text);
      if (!row) return;
      const originalKey = phraseKey(row.original_text);
      if (!originalKey) return fail("corrections", line, "original_text: needs at least one word.");
      if (row.original_text === row.corrected_text) return fail("corrections", line, "corrected_text: the same as original_text.");
      // The key the database keeps unique: the same words in another case or spacing are the same correction.
      const key = pairKey(originalKey, row.corrected_text);
      const first = seenCorrections.get(key);
      if (first) return fail("corrections", line, `Repeats line ${first}.`);
      seenCorrections.set(key, line);
      corrections.push({
        originalText: row.original_text,
        originalKey,
        correctedText: row.corrected_text,
        confidence: row.confidence,
        status: row.status,
        isEnabled: row.is_enabled,
        source: row.source,
        context: row.context ?? null,
        reviewReason: row.review_reason ?? null,
        reviewedAt: row.reviewed_at ? new Date(row.reviewed_at) : null,
      });
    },
    glossary: (line, text) => {
      const row = parse(glossaryLine, "glossary", line, text);
      if (!row) return;
      const key = `${row.entity_text}\u0000${row.entity_type}`;
      const first = seenGlossary.get(key);
      if (first) return fail("glossary", line, `Repeats line ${first}.`);
      seenGlossary.set(key, line);
      glossary.push({ entityText: row.entity_text, entityType: row.entity_type, authorityScore: row.authority_score, sourceId: row.source_id ?? null });
    },
    overlong: (file, line) => fail(file === ENTRY.corrections ? "corrections" : "glossary", line, `Longer than ${IMPORT_LIMITS.lineChars.toLocaleString("en")} characters.`),
  });
  if (!archive.found.corrections && !archive.found.glossary) {
    throw new AppError("bad_request:archive", `The archive has neither ${ENTRY.corrections} nor ${ENTRY.glossary}: there is nothing to import.`);
  }
  return { source: archive.manifest, corrections, glossary, invalid, errors };
}

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

export interface ImportPreview {
  source: ArchiveContents["manifest"];
  corrections: { new: number; present: number; invalid: number };
  /** `changed`: of the present entries, those whose authority or source id the import would overwrite. */
  glossary: { new: number; present: number; changed: number; invalid: number };
  errors: ImportLineError[];
  errorCount: number;
}

/** What importing the archive would do; nothing is written and nothing audited. */
export async function previewTenantImport({ actor, archivePath }: { actor: Actor; archivePath: string }): Promise<ImportPreview> {
  assertCanImport(actor);
  const parsed = await parseImport(archivePath);
  const known = await withTenant(actor, async (tx) => {
    let corrections = 0;
    let glossary = 0;
    let changed = 0;
    // Rows travel as one JSON parameter per batch: any text is safe, and the parameter count stays at one.
    for (const batch of batches(parsed.corrections)) {
      const keys = JSON.stringify(batch.map((r) => ({ original_key: r.originalKey, corrected_text: r.correctedText })));
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM json_to_recordset(${keys}::json) AS k(original_key text, corrected_text text)
          WHERE EXISTS (SELECT 1 FROM tenant_corrections c WHERE c.tenant_id = ${actor.tenantId}::uuid AND c.original_key = k.original_key AND c.corrected_text = k.corrected_text)`,
      );
      corrections += row?.n ?? 0;
    }
    for (const batch of batches(parsed.glossary)) {
      const entries = JSON.stringify(batch.map((r) => ({ entity_text: r.entityText, entity_type: r.entityType, authority_score: r.authorityScore, source_id: r.sourceId })));
      const [row] = await queryRows<{ present: number; changed: number }>(
        tx,
        sql`SELECT count(*)::int AS present,
            count(*) FILTER (WHERE (g.authority_score, g.source_id) IS DISTINCT FROM (k.authority_score, k.source_id))::int AS changed
          FROM json_to_recordset(${entries}::json) AS k(entity_text text, entity_type text, authority_score float8, source_id text)
          JOIN tenant_context g ON g.tenant_id = ${actor.tenantId}::uuid AND g.entity_text = k.entity_text AND g.entity_type = k.entity_type`,
      );
      glossary += row?.present ?? 0;
      changed += row?.changed ?? 0;
    }
    return { corrections, glossary, changed };
  });
  return {
    source: parsed.source,
    corrections: { new: parsed.corrections.length - known.corrections, present: known.corrections, invalid: parsed.invalid.corrections },
    glossary: { new: parsed.glossary.length - known.glossary, present: known.glossary, changed: known.changed, invalid: parsed.invalid.glossary },
    errors: parsed.errors,
    errorCount: parsed.invalid.corrections + parsed.invalid.glossary,
  };
}

export interface ImportResult {
  corrections: { added: number; present: number };
  glossary: { added: number; updated: number; unchanged: number };
}

/**
 * Imports the archive's corrections and glossary into the actor's workspace, all or nothing: one
 * invalid line refuses the whole file, since an export is written by machine and a bad line means
 * damage or tampering, not a typo to skip.
 *
 * Corrections already present (same words, same correction) are left as they are: the workspace's
 * own review decisions win. New ones keep their status, confidence and review flag, since an
 * approval or a rejection is the knowledge being moved, but not their reviewer: that person
 * belongs to the other workspace, and this audit entry records who brought the decision in. Usage
 * and outcome counts start at zero, because the history behind them stays in the other workspace.
 *
 * Glossary entries behave as in the CSV import: new ones are added, present ones take the file's
 * authority and source id.
 */
export async function applyTenantImport({ actor, archivePath }: { actor: Actor; archivePath: string }): Promise<ImportResult> {
  assertCanImport(actor);
  const parsed = await parseImport(archivePath);
  const errorCount = parsed.invalid.corrections + parsed.invalid.glossary;
  if (errorCount > 0) {
    const shown = parsed.errors.slice(0, 5).map((e) => `${e.file} line ${e.line}: ${e.message}`);
    const more = errorCount > shown.length ? ` …and ${errorCount - shown.length} more.` : "";
    throw new AppError("bad_request:import", `Nothing was imported: ${errorCount === 1 ? "1 line is" : `${errorCount} lines are`} invalid. ${shown.join(" ")}${more}`);
  }
  return withTenant(actor, async (tx) => {
    let correctionsAdded = 0;
    for (const batch of batches(parsed.corrections)) {
      const written = await tx
        .insert(tenantCorrections)
        .values(batch.map((r) => ({ tenantId: actor.tenantId, ...r, reviewedBy: null })))
        .onConflictDoNothing({ target: [tenantCorrections.tenantId, tenantCorrections.originalKey, tenantCorrections.correctedText] })
        .returning({ id: tenantCorrections.id });
      correctionsAdded += written.length;
    }
    const { added: glossaryAdded, updated: glossaryUpdated } = await upsertGlossaryEntries(tx, actor.tenantId, parsed.glossary);
    const result: ImportResult = {
      corrections: { added: correctionsAdded, present: parsed.corrections.length - correctionsAdded },
      glossary: { added: glossaryAdded, updated: glossaryUpdated, unchanged: parsed.glossary.length - glossaryAdded - glossaryUpdated },
    };
    await recordAudit(tx, actor, {
      action: "tenant.imported",
      targetType: "tenant",
      targetId: actor.tenantId,
      details: { from: { ...parsed.source.tenant, exportedAt: parsed.source.exportedAt }, ...result },
    });
    return result;
  });
}
