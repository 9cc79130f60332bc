import { Readable } from "node:stream";
import { mulberry32 } from "@/lib/random/seeded";
import yazl from "yazl";
import type { z } from "zod";

/**
 * Hostile and broken inputs for the bad-input corpus (lib/api/bad-input-corpus.test.ts): each must
 * be answered with a clear 4xx (or, where the input is legitimate, work), in bounded time and
 * memory, and leave nothing stored.
 */

/** Stored as typed and shown as text: none may reach SQL or HTML as code. No edge whitespace or line breaks, so they round-trip through trimmed one-line fields. */
export const INJECTION_STRINGS = [
  "'; DROP TABLE tenant_corrections; --",
  "Robert'); DELETE FROM documents WHERE ('1'='1",
  "\" OR \"1\"=\"1",
  "1; SELECT pg_sleep(10)",
  "$1 $$ $tag$ E'\\x00' \\\\ %_",
  "<script>alert(document.cookie)</script>",
  "<img src=x onerror=alert(1)>",
  "\"><svg/onload=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}} ${7*7} <%= 7*7 %>",
  "İstanbul ǅ ﬃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧 \u202Egnp.exe",
] as const;

/** Not a valid value of any numeric parameter we have: each must be a 400 naming the field. */
export const BAD_NUMBERS_QUERY = ["NaN", "-1", "1e309", "-1e309", "Infinity", "99999999999999999999999", "1.5e300", "abc", "1,5", "0x"] as const;

/** The same as JSON values; `1e309` is written raw since JSON.stringify cannot. */
export const BAD_NUMBERS_JSON: readonly { label: string; raw: string }[] = [
  { label: "-1", raw: "-1" },
  { label: "1e309 (Infinity)", raw: "1e309" },
  { label: "-1e309", raw: "-1e309" },
  { label: "2^64", raw: "18446744073709551616" },
  { label: "\"NaN\"", raw: '"NaN"' },
  { label: "\"abc\"", raw: '"abc"' },
  { label: "null", raw: "null" },
  { label: "[]", raw: "[]" },
  { label: "{}", raw: "{}" },
];

/** Dates that JavaScript accepts but PostgreSQL may not: must be a 400 or work, never a 500. */
export const EDGE_DATES = ["-1", "0", "1e309", "0000-01-01", "-000001-01-01", "275760-09-13", "+275760-09-13T00:00:00Z", "9999-12-31T23:59:59.999Z", "not a date"] as const;

/** `[[[...]]]` `depth` levels deep: JSON.parse copes, recursive code (JSON.stringify, a reviver) does not. */
export function deeplyNestedJson(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** Bytes that are not UTF-8 (a lone continuation byte and an overlong encoding) inside a JSON string. */
export function invalidUtf8Json(field: string): Uint8Array {
  const start = new TextEncoder().encode(`{"${field}":"abc`);
  return new Uint8Array([...start, 0x80, 0xc0, 0xaf, 0xff, ...new TextEncoder().encode('"}')]);
}

export const MZ_EXECUTABLE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0x40, ...new Array(40).fill(0), 0x50, 0x45, 0, 0]);

/** Latin-1 text and stray bytes: not UTF-8, so not a text document. */
export const INVALID_UTF8_TEXT = new Uint8Array([...new TextEncoder().encode("Caf"), 0xe9, 0x20, 0x80, 0x81, 0xfe, 0xff, ...new TextEncoder().encode(" au lait\n")]);

/** Subtitle files whose timings are wrong in the ways people and tools get them wrong. */
export const MALFORMED_TIMINGS: readonly { label: string; format: "srt" | "vtt"; content: string }[] = [
  { label: "SRT seconds 61", format: "srt", content: "1\n00:00:61,000 --> 00:01:02,000\nHello\n" },
  { label: "SRT minutes 99", format: "srt", content: "1\n00:99:00,000 --> 01:00:00,000\nHello\n" },
  { label: "SRT ends before it starts", format: "srt", content: "1\n00:00:05,000 --> 00:00:01,000\nHello\n" },
  { label: "SRT negative time", format: "srt", content: "1\n-00:00:01,000 --> 00:00:02,000\nHello\n" },
  { label: "SRT letters for digits", format: "srt", content: "1\n00:00:0a,000 --> 00:00:02,000\nHello\n" },
  { label: "SRT missing end", format: "srt", content: "1\n00:00:01,000 -->\nHello\n" },
  { label: "SRT huge hours", format: "srt", content: `1\n${"9".repeat(400)}:00:00,000 --> ${"9".repeat(401)}:00:00,000\nHello\n` },
  { label: "SRT cue number without timing", format: "srt", content: "1\nHello\n\n2\n00:00:01,000 --> 00:00:02,000\nWorld\n" },
  { label: "SRT timing with VTT dot only in one side", format: "srt", content: "1\n00:00:01.000 --> 00:00:02,000 --> 00:00:03,000\nHello\n" },
  { label: "VTT without header", format: "vtt", content: "00:00:01.000 --> 00:00:02.000\nHello\n" },
  { label: "VTT comma milliseconds", format: "vtt", content: "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHello\n" },
  { label: "VTT seconds 75", format: "vtt", content: "WEBVTT\n\n00:00:75.000 --> 00:01:20.000\nHello\n" },
  { label: "VTT ends before it starts", format: "vtt", content: "WEBVTT\n\n00:01:00.000 --> 00:00:01.000\nHello\n" },
  { label: "VTT identifier then text", format: "vtt", content: "WEBVTT\n\nintro\nHello there\n" },
  { label: "VTT NaN timing", format: "vtt", content: "WEBVTT\n\nNaN --> Infinity\nHello\n" },
];

const CONTENT_TYPES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  "</Types>";

const RELS_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  "</Relationships>";

/** `megabytes` of one repeated paragraph, a megabyte at a time, so the test never holds it whole. */
function repeatedXml(megabytes: number): Readable {
  const paragraph = "<w:p><w:r><w:t>All work and no play makes Jack a dull boy.</w:t></w:r></w:p>";
  const chunk = Buffer.from(paragraph.repeat(Math.ceil((1024 * 1024) / paragraph.length)).slice(0, 1024 * 1024));
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) this.push('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>');
      if (sent === megabytes) {
        this.push("</w:body></w:document>");
        this.push(null);
        return;
      }
      sent++;
      this.push(chunk);
    },
  });
}

/**
 * A real .docx package (content types, relationships, word/document.xml) whose document part
 * inflates to `megabytes` MB from well under 1 MB: a zip bomb that type detection sees as Word.
 */
export async function makeDocxZipBomb(megabytes: number): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES_XML), "[Content_Types].xml");
  zip.addBuffer(Buffer.from(RELS_XML), "_rels/.rels");
  zip.addReadStream(repeatedXml(megabytes), "word/document.xml", { compressionLevel: 9 } as yazl.ReadStreamOptions);
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream as AsyncIterable<Buffer>) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * The same bomb with its central directory lying that word/document.xml unpacks to 1 KB: only
 * inflating with a count catches it.
 */
export function withLyingSizes(zip: Uint8Array, entryName = "word/document.xml"): Uint8Array {
  const bytes = Buffer.from(zip);
  const name = Buffer.from(entryName);
  for (let at = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    if (nameLength === name.length && bytes.subarray(at + 46, at + 46 + nameLength).equals(name)) {
      bytes.writeUInt32LE(1024, at + 24);
      return new Uint8Array(bytes);
    }
  }
  throw new Error(`${entryName} is not in the archive`);
}

/** A multipart body written by hand, so file names carry exactly the bytes a hostile client sends. */
export function rawMultipart(filename: string, content: Uint8Array, boundary = "----corpus-boundary"): { body: Uint8Array; contentType: string } {
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`, "utf8");
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: new Uint8Array(Buffer.concat([head, content, tail])), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A multipart upload of `bytes` bytes of "a", generated as it is read and sent without a Content-Length. */
export function streamedMultipart(filename: string, bytes: number, boundary = "----corpus-boundary"): { body: ReadableStream<Uint8Array>; contentType: string } {
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`);
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let left = bytes;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(head);
      } else if (left > 0) {
        controller.enqueue(left >= chunk.length ? chunk : chunk.subarray(0, left));
        left -= chunk.length;
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export type FieldKind = "number" | "string" | "date" | "boolean" | "enum" | "array" | "object" | "other";

export interface SchemaField {
  /** Dotted path; array items are `0`. */
  path: string[];
  kind: FieldKind;
}

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** Sees through optional, default, nullable and pipes (coerce and preprocess) to the kind a field holds. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"].includes(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = defOf(def.in!).type === "transform" ? def.out! : def.in!;
    else return current;
  }
}

/** Every field of an object schema, nested objects and array items included, with its kind. */
export function schemaFields(schema: z.ZodType, path: string[] = []): SchemaField[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const kind = (["number", "string", "date", "boolean", "enum", "array", "object"] as const).find((k) => k === def.type) ?? "other";
  const fields: SchemaField[] = path.length ? [{ path, kind }] : [];
  if (def.type === "object") for (const [key, child] of Object.entries(def.shape!)) fields.push(...schemaFields(child, [...path, key]));
  if (def.type === "array") fields.push(...schemaFields(def.element!, [...path, "0"]));
  return fields;
}

/** A copy of `base` with `value` at `path`, creating array items and objects on the way from `template`. */
export function withValue(base: Record<string, unknown>, path: string[], value: unknown, template: Record<string, unknown> = {}): Record<string, unknown> {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  path.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null) node[key] = path[i + 1] === "0" ? [] : {};
    if (path[i + 1] === "0" && (node[key] as unknown[]).length === 0) (node[key] as unknown[]).push(structuredClone(template[key] ?? {}));
    node = node[key] as Record<string, unknown>;
  });
  node[path.at(-1)!] = value;
  return copy;
}

const SYLLABLES = ["ka", "lo", "mi", "ra", "zu", "te", "vo", "shi", "an", "del", "mar", "qui", "ben", "tor", "lis", "gha", "nu", "pe", "dro", "wen"];

/** A made-up capitalised name of two or three words, e.g. "Kalomi Rade". */
function madeUpName(random: () => number): string {
  const word = () => {
    const n = 2 + Math.floor(random() * 2);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return Array.from({ length: 2 + Math.floor(random() * 2) }, word).join(" ");
}

/**
 * The clean request an outside test used to stall the server: subtitles whose every cue is full of
 * capitalised names, plus context sources of prose made of other names (each a candidate entity).
 */
export function hostileCleanRequest(options: { cues: number; contextSources: number; contextChars: number; seed?: number }): { content: string; format: "srt"; context_sources: { type: string; content: string; authority: number }[] } {
  const random = mulberry32(options.seed ?? 7);
  const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 23).replace(".", ",");
  const cues: string[] = [];
  for (let i = 0; i < options.cues; i++) cues.push(`${i + 1}\n${stamp(i * 2000)} --> ${stamp(i * 2000 + 1800)}\n${madeUpName(random)} met ${madeUpName(random)}.\n`);
  const context_sources = Array.from({ length: options.contextSources }, () => {
    let prose = "";
    while (prose.length < options.contextChars) prose += `${madeUpName(random)} spoke with ${madeUpName(random)}. `;
    return { type: "description", content: prose.slice(0, options.contextChars), authority: 0.7 };
  });
  return { content: cues.join("\n"), format: "srt", context_sources };
}
