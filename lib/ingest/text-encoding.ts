import chardet from "chardet";
import iconv from "iconv-lite";

// Plain functions over bytes, safe for the browser bundle (the clean page reads files with them).

export interface DecodedText {
  /** The text without its byte order mark. */
  text: string;
  /** The encoding it was read in, e.g. "UTF-8", "UTF-16LE", "windows-1252", "Shift_JIS". */
  encoding: string;
}

export interface DecodeOptions {
  /** The bytes are the start of a longer file: a character cut at the end is not an error. */
  partial?: boolean;
}

/**
 * Longest first: the UTF-32LE mark begins with the UTF-16LE one. UTF-8's mark needs no entry: the
 * UTF-8 decoder removes it.
 */
const BYTE_ORDER_MARKS: [encoding: string, mark: number[]][] = [
  ["UTF-32LE", [0xff, 0xfe, 0x00, 0x00]],
  ["UTF-32BE", [0x00, 0x00, 0xfe, 0xff]],
  ["UTF-16LE", [0xff, 0xfe]],
  ["UTF-16BE", [0xfe, 0xff]],
];

const CODE_UNIT_BYTES: Record<string, number> = { "UTF-16LE": 2, "UTF-16BE": 2, "UTF-32LE": 4, "UTF-32BE": 4 };

/** Bytes chardet looks at: enough to judge by, where the whole of a large file took it a second. */
const CHARDET_SAMPLE_BYTES = 64 * 1024;

/** Bytes looked at to recognise UTF-16 or UTF-32 without a byte order mark. */
const NUL_SAMPLE_BYTES = 4096;

/**
 * Where ASCII-range text in each encoding has NUL bytes, by offset modulo 4 (UTF-32 first: its
 * pattern would not pass for UTF-16's, but reads clearer checked before it).
 */
const NUL_PATTERNS: [encoding: string, nulAt: boolean[]][] = [
  ["UTF-32LE", [false, true, true, true]],
  ["UTF-32BE", [true, true, true, false]],
  ["UTF-16LE", [false, true, false, true]],
  ["UTF-16BE", [true, false, true, false]],
];

/**
 * Characters that do not occur in text: C0 and C1 controls other than tab, line breaks, form feed
 * and the DOS end-of-file mark, U+FFFD where a byte had no character in the encoding, and halves of
 * surrogate pairs on their own (what binary data read as UTF-16 is full of).
 */
const NOT_TEXT = /[\u0001-\u0008\u000e-\u0019\u001b-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Reads bytes as text in whatever encoding they were saved in: by byte order mark (UTF-8,
 * UTF-16 and UTF-32 in either byte order), as UTF-16 without one when every other byte is NUL, as
 * UTF-8 when they are valid UTF-8, else in the legacy encoding chardet judges likeliest. Null when
 * the result is not text in any of them (an executable, an archive, random bytes).
 */
export function decodeText(bytes: Uint8Array, { partial = false }: DecodeOptions = {}): DecodedText | null {
  const encoding = unicodeByteOrderMark(bytes) ?? unicodeWithoutMark(bytes);
  if (encoding) return wholeCodeUnits(bytes, encoding, partial) ? asText(iconv.decode(bytes, encoding), encoding) : null;
  const utf8 = strictUtf8(bytes, partial);
  // Valid UTF-8 is text as it always was here, control characters (a log's colour codes) and all.
  if (utf8 !== null) return utf8.includes("\u0000") ? null : { text: utf8, encoding: "UTF-8" };
  const legacy = legacyEncoding(bytes);
  return asText(iconv.decode(bytes, legacy), legacy);
}

/** The UTF-16 or UTF-32 encoding whose byte order mark starts the bytes, if one does. */
export function unicodeByteOrderMark(bytes: Uint8Array): string | null {
  const found = BYTE_ORDER_MARKS.find(([, mark]) => mark.every((byte, i) => bytes[i] === byte));
  return found ? found[0] : null;
}

/**
 * UTF-16 or UTF-32 without a mark, known by its NUL bytes: most at the offsets where ASCII-range
 * text has them, almost none at the others.
 */
function unicodeWithoutMark(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, NUL_SAMPLE_BYTES) & ~3);
  const units = sample.length / 4;
  if (units < 2) return null;
  const nuls = [0, 0, 0, 0];
  sample.forEach((byte, i) => {
    if (byte === 0) nuls[i % 4]!++;
  });
  const found = NUL_PATTERNS.find(([, nulAt]) => nulAt.every((nul, k) => (nul ? nuls[k]! >= units * 0.4 : nuls[k]! <= units * 0.05)));
  return found ? found[0] : null;
}

/** A whole file in UTF-16 or UTF-32 has whole code units; a stray last byte means it is something else. */
function wholeCodeUnits(bytes: Uint8Array, encoding: string, partial: boolean): boolean {
  return partial || bytes.length % (CODE_UNIT_BYTES[encoding] ?? 1) === 0;
}

function strictUtf8(bytes: Uint8Array, partial: boolean): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: partial });
  } catch {
    return null;
  }
}

/**
 * chardet's likeliest legacy encoding that iconv-lite decodes. Unicode is ruled out by then (given
 * a few bytes, chardet may still name UTF-8 or UTF-32), and so are the EBCDIC and ISO-2022 variants
 * it knows. ISO-8859-1 is read as windows-1252, as browsers do (the WHATWG Encoding Standard makes
 * them one): its C1 range holds the curly quotes and dashes of Windows text. Without a guess,
 * windows-1252 too.
 */
function legacyEncoding(bytes: Uint8Array): string {
  const guess = chardet
    .analyse(bytes.subarray(0, CHARDET_SAMPLE_BYTES))
    .map((match) => match.name)
    .find((name) => !name.startsWith("UTF-") && name !== "ASCII" && iconv.encodingExists(name));
  return !guess || guess === "ISO-8859-1" ? "windows-1252" : guess;
}

function asText(decoded: string, encoding: string): DecodedText | null {
  const text = decoded.replace(/^\uFEFF/, "");
  if (text.includes("\u0000")) return null;
  const oddCharacters = text.match(NOT_TEXT)?.length ?? 0;
  // A stray control character or an undefined byte or two do not make a text file binary.
  if (oddCharacters > text.length / 100) return null;
  return { text, encoding };
}
