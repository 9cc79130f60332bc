import yauzl from "yauzl";
import { AppError } from "@/lib/errors";
import { ENTRY, EXPORT_VERSION, IMPORT_LIMITS, manifestSchema } from "./format";

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export type LineHandler = (line: number, text: string) => void;

/** A malformed archive is the uploader's problem, told plainly; yauzl's own words name what is wrong. */
function damaged(error: unknown): AppError {
  const detail = error instanceof Error ? ` (${error.message})` : "";
  return new AppError("bad_request:archive", `The file is not a zip archive, or it is damaged${detail}. Choose an export downloaded from Settings.`);
}

function tooMuch(name: string): AppError {
  return new AppError(
    "bad_request:archive",
    `The archive unpacks to more than ${mb(IMPORT_LIMITS.unpackedBytes)} (at ${name}), so it was refused. Corrections and glossary exports are far smaller; this may not be an export of this console.`,
  );
}

/**
 * Counts what is really unpacked, across entries, whatever sizes the archive declares. (yauzl also
 * checks each entry against its declared size, which catches a lying header early.)
 */
class Budget {
  private used = 0;

  take(bytes: number, name: string): void {
    this.used += bytes;
    if (this.used > IMPORT_LIMITS.unpackedBytes) throw tooMuch(name);
  }
}

/**
 * Splits decoded text into lines, numbered from 1; blank lines are skipped, and a line longer than
 * the limit is reported as such rather than held in memory.
 */
class LineSplitter {
  private pending = "";
  private line = 0;
  private overlong = false;

  constructor(
    private readonly onLine: LineHandler,
    private readonly onOverlong: (line: number) => void,
  ) {}

  push(text: string): void {
    const parts = text.split("\n");
    const rest = parts.pop()!;
    for (const part of parts) this.finish(part);
    this.add(rest);
  }

  end(): void {
    if (this.pending || this.overlong) this.finish("");
  }

  private add(text: string) {
    if (this.overlong) return;
    this.pending += text;
    if (this.pending.length > IMPORT_LIMITS.lineChars) {
      this.overlong = true;
      this.pending = "";
    }
  }

  private finish(text: string) {
    this.add(text);
    this.line++;
    if (this.overlong) this.onOverlong(this.line);
    else if (this.pending.trim()) this.onLine(this.line, this.pending.replace(/\r$/, ""));
    this.pending = "";
    this.overlong = false;
  }
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: Budget, onText: (text: string) => void): Promise<void> {
  if (entry.isEncrypted()) throw new AppError("bad_request:archive", `${entry.fileName} is encrypted; exports never are.`);
  if (!entry.canDecodeFileData()) throw new AppError("bad_request:archive", `${entry.fileName} uses a compression method this import cannot read.`);
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new AppError("bad_request:archive", `${entry.fileName} is not UTF-8 text.`);
    }
  };
  // Leaving the loop (a limit, a bad byte) destroys the stream, so no more is inflated.
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.take(chunk.length, entry.fileName);
    onText(decode(chunk));
  }
  onText(decode());
}

export interface ArchiveContents {
  manifest: { tenant: { name: string; slug: string }; exportedAt: string };
  /** Which of the line files the archive holds; a missing one imports nothing of its kind. */
  found: { corrections: boolean; glossary: boolean };
}

/**
 * Reads an export archive from disk through its central directory, which is the zip's authority
 * (a forward-only reader can be fooled by file contents that look like headers). Only the manifest,
 * corrections.ndjson and glossary.ndjson are unpacked, each line handed to its handler.
 */
export async function readExportArchive(
  path: string,
  handlers: { corrections: LineHandler; glossary: LineHandler; overlong: (file: string, line: number) => void },
): Promise<ArchiveContents> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw damaged(error);
  }
  try {
    if (zip.entryCount > IMPORT_LIMITS.entries) throw new AppError("bad_request:archive", `The archive holds more than ${IMPORT_LIMITS.entries.toLocaleString("en")} files; an export without document files holds six.`);
    const wanted = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== ENTRY.manifest && entry.fileName !== ENTRY.corrections && entry.fileName !== ENTRY.glossary) continue;
      // Two entries of one name: zip tools disagree on which wins, so do not pick one.
      if (wanted.has(entry.fileName)) throw new AppError("bad_request:archive", `The archive holds ${entry.fileName} twice.`);
      wanted.set(entry.fileName, entry);
    }
    const manifestEntry = wanted.get(ENTRY.manifest);
    if (!manifestEntry) throw new AppError("bad_request:archive", "The archive has no manifest.json: it is not a workspace export. Download one from Settings → Export and import.");
    if (manifestEntry.uncompressedSize > IMPORT_LIMITS.manifestBytes) throw new AppError("bad_request:archive", "The archive's manifest.json is too large to be an export's.");
    const budget = new Budget();
    let manifestText = "";
    await readEntry(zip, manifestEntry, budget, (text) => (manifestText += text));
    const manifest = parseManifest(manifestText);

    for (const file of [ENTRY.corrections, ENTRY.glossary] as const) {
      const entry = wanted.get(file);
      if (!entry) continue;
      const handler = file === ENTRY.corrections ? handlers.corrections : handlers.glossary;
      const lines = new LineSplitter(handler, (line) => handlers.overlong(file, line));
      await readEntry(zip, entry, budget, (text) => lines.push(text));
      lines.end();
    }
    return { manifest, found: { corrections: wanted.has(ENTRY.corrections), glossary: wanted.has(ENTRY.glossary) } };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw damaged(error);
  } finally {
    zip.close();
  }
}

function parseManifest(text: string): ArchiveContents["manifest"] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("bad_request:archive", "The archive's manifest.json is not valid JSON.");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new AppError("bad_request:archive", "The archive's manifest.json does not describe a workspace export of this console.");
  if (parsed.data.version > EXPORT_VERSION) {
    throw new AppError("bad_request:archive", `The export was made by a newer version of the console (format ${parsed.data.version}); this one reads up to format ${EXPORT_VERSION}.`);
  }
  return { tenant: parsed.data.tenant, exportedAt: parsed.data.exported_at };
}
