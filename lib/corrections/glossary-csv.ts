import Papa from "papaparse";
import { CSV_FORMULA } from "@/lib/api/stream-csv";
import { glossaryEntrySchema, type GlossaryEntryInput } from "./schemas";

export const GLOSSARY_CSV_COLUMNS = ["entity_text", "entity_type", "authority_score", "source_id"] as const;
const HEADER_ALIASES: Record<string, (typeof GLOSSARY_CSV_COLUMNS)[number]> = {
  entity_text: "entity_text", entity: "entity_text", text: "entity_text", name: "entity_text",
  entity_type: "entity_type", type: "entity_type",
  authority_score: "authority_score", authority: "authority_score",
  source_id: "source_id", source: "source_id",
};

/** One import reads at most this many rows: a preview of more is not something a person checks. */
export const MAX_IMPORT_ROWS = 20_000;

export interface ImportRow {
  /** The CSV line the row starts on (the header is line 1). */
  line: number;
  /** The cells as read, so a row with errors can still be recognised. */
  raw: { entityText: string; entityType: string };
  entry: GlossaryEntryInput | null;
  errors: string[];
  /** Already in the glossary: importing updates its authority and source. */
  exists: boolean;
}

export type GlossaryCsvOutput = { ok: true; rows: ImportRow[] } | { ok: false; problem: "header" | "rows"; message: string };

/** Undoes the export's formula guard: a cell written as `'=x` reads back as `=x`. */
function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && CSV_FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Parses and checks each row of a glossary CSV (CPU work: runs on a pool thread); `exists` is left false. */
export function readGlossaryCsv({ csv }: { csv: string }): GlossaryCsvOutput {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    // One row past the limit tells that there are too many without reading them all.
    preview: MAX_IMPORT_ROWS + 1,
    transformHeader: (h) => HEADER_ALIASES[h.trim().toLowerCase().replace(/\s+/g, "_")] ?? h.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes("entity_text") || !fields.includes("entity_type")) {
    return { ok: false, problem: "header", message: `The CSV needs a header row with at least entity_text and entity_type (optional: authority_score, source_id). Found: ${fields.join(", ") || "nothing"}.` };
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) {
    return { ok: false, problem: "rows", message: `The CSV has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; import at most that many at a time. Split it into parts.` };
  }
  const seen = new Set<string>();
  const rows = parsed.data.map((record, index): ImportRow => {
    const errors = parsed.errors.filter((e) => e.row === index).map((e) => e.message);
    const raw = { entityText: unescapeFormula(record.entity_text ?? ""), entityType: unescapeFormula(record.entity_type ?? "") };
    const result = glossaryEntrySchema.safeParse({
      ...raw,
      authorityScore: record.authority_score?.trim() ? record.authority_score : undefined,
      sourceId: record.source_id?.trim() ? unescapeFormula(record.source_id) : undefined,
    });
    if (!result.success) errors.push(...result.error.issues.map((i) => i.message));
    const key = result.success ? `${result.data.entityText}\u0000${result.data.entityType}` : null;
    if (key && seen.has(key)) errors.push("Repeats an earlier row.");
    if (key) seen.add(key);
    return { line: index + 2, raw, entry: result.success ? result.data : null, errors, exists: false };
  });
  return { ok: true, rows };
}
