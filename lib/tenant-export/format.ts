import { z } from "zod";

/**
 * The layout of a workspace export, shared by the writer and the importer. A reader that finds a
 * newer `version` than it knows refuses the archive rather than guess at its meaning.
 */
export const EXPORT_FORMAT = "tenant-knowledge-console/export";
export const EXPORT_VERSION = 1;

export const ENTRY = {
  manifest: "manifest.json",
  corrections: "corrections.ndjson",
  glossary: "glossary.ndjson",
  evaluationRuns: "evaluation_runs.ndjson",
  members: "members.ndjson",
  documents: "documents.ndjson",
} as const;

export interface ExportCounts {
  corrections: number;
  glossary: number;
  evaluation_runs: number;
  members: number;
  documents: number;
  /** Originals in `files/`: fewer than documents when files were left out or are missing from storage. */
  files: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  tenant: { name: string; slug: string };
  exported_at: string;
  exported_by: string | null;
  includes_files: boolean;
  counts: ExportCounts;
}

const MB = 1024 * 1024;

/** What an import accepts; the settings page states the archive limit before anything is sent. */
export const IMPORT_LIMITS = {
  /** The uploaded archive. An export with document files is larger: export without them to import. */
  archiveBytes: 100 * MB,
  /** All that is unpacked (manifest, corrections, glossary) together: what refuses a zip bomb. */
  unpackedBytes: 32 * MB,
  manifestBytes: 64 * 1024,
  /** Longer than any valid row (a correction's texts and context are a few KB at most). */
  lineChars: 64 * 1024,
  /** The central directory is read entry by entry: bound the work before it starts. */
  entries: 200_000,
} as const;

/** What the importer needs of a manifest; other fields may come and go between versions. */
export const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().min(1),
  tenant: z.object({ name: z.string(), slug: z.string() }),
  exported_at: z.string(),
});

const WINDOWS_RESERVED = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A stored file name made safe as the last part of a path inside the archive, on any system that
 * unpacks it: no separators, no characters Windows refuses, no trailing dots or spaces.
 */
export function archiveFileName(filename: string): string {
  const cleaned = filename.replace(WINDOWS_RESERVED, "_").trim().replace(/[. ]+$/, "");
  if (!cleaned) return "original";
  return WINDOWS_DEVICE.test(cleaned) ? `_${cleaned}` : cleaned;
}

export function archiveFilePath(documentId: string, filename: string): string {
  return `files/${documentId}/${archiveFileName(filename)}`;
}
