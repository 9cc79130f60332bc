import yauzl from "yauzl";
import { ParseError } from "./parsers/types";

const MB = 1024 * 1024;

/**
 * What a Word document may unpack to. mammoth inflates every part it reads into memory (and the XML
 * into a DOM several times larger), so a small zip that inflates to gigabytes would take the worker
 * down: it is refused first. A 50 MB upload of photos and text unpacks to little more than 50 MB.
 */
export const DOCX_LIMITS = {
  unpackedBytes: 128 * MB,
  entries: 10_000,
} as const;

/** A document refused for its unpacked size rather than for damage. */
export class DocxTooLargeError extends ParseError {}

function tooLarge(what: string): ParseError {
  return new DocxTooLargeError(`The Word document unpacks to more than ${DOCX_LIMITS.unpackedBytes / MB} MB (${what}), so it was refused. Save a smaller document, or split it, and upload it again.`);
}

async function checkEntries(zip: yauzl.ZipFile): Promise<void> {
  if (zip.entryCount > DOCX_LIMITS.entries) throw new ParseError(`The Word document holds more than ${DOCX_LIMITS.entries.toLocaleString("en")} parts, so it was refused.`);
  const entries: yauzl.Entry[] = [];
  let declared = 0;
  for await (const entry of zip.eachEntry()) {
    declared += entry.uncompressedSize;
    if (declared > DOCX_LIMITS.unpackedBytes) throw tooLarge(`declared at ${entry.fileName}`);
    entries.push(entry);
  }
  // The declared sizes can lie: inflate each part to nowhere. yauzl fails a part that inflates past
  // its declared size, so the declared total checked above bounds the work.
  for (const entry of entries) {
    if (entry.fileName.endsWith("/")) continue;
    if (entry.isEncrypted()) throw new ParseError("The Word document is encrypted. Remove its password, save it and upload it again.");
    if (!entry.canDecodeFileData()) throw new ParseError(`The Word document's part ${entry.fileName} uses a compression method that cannot be read.`);
    for await (const _ of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>);
  }
}

/**
 * Refuses a .docx (a file path or its bytes) whose parts unpack to more than DOCX_LIMITS, or that
 * is not a readable zip, before anything inflates it into memory. Memory stays at a few buffers.
 */
export async function assertDocxWithinLimits(source: string | Uint8Array): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    const options = { lazyEntries: true, autoClose: false };
    zip = typeof source === "string" ? await yauzl.openPromise(source, options) : await yauzl.fromBufferPromise(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options);
  } catch {
    throw new ParseError("The Word document is damaged or not a .docx file. Save it again as .docx and upload it.");
  }
  try {
    await checkEntries(zip);
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError("The Word document is damaged or not a .docx file. Save it again as .docx and upload it.");
  } finally {
    zip.close();
  }
}
