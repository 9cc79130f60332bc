export const TRANSCRIPT_FORMATS = ["srt", "vtt", "text"] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** Raw bytes to keep as they are, or a cue's text payload that a cleaner may rewrite. */
export type TranscriptSegment =
  | { kind: "raw"; text: string }
  | { kind: "text"; text: string; location: TextLocation };

export interface TextLocation {
  /** 1-based line number in the input where this text starts. */
  line: number;
  /** SRT/VTT: 1-based position of the cue in the file (not the number written in it). Text: null. */
  cue: number | null;
  /** SRT/VTT: the cue's start timing as written, e.g. "00:01:02,500". Text: null. */
  start: string | null;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  /** Concatenated, exactly the input. */
  segments: TranscriptSegment[];
  /** SRT/VTT: cues in the file, including ones without text. Text: 0, as plain text has no cues. */
  cueCount: number;
}

export class TranscriptFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "TranscriptFormatError";
  }
}

interface Line {
  /** Offset of the first character, after any BOM. */
  start: number;
  /** Offset just before the line break. */
  end: number;
  text: string;
}

interface TimingSyntax {
  label: string;
  /** Matches a whole trimmed timing line; groups 1 and 2 are the start and end timestamps. */
  pattern: RegExp;
  example: string;
}

const SRT_TIMESTAMP = String.raw`\d{1,2}:\d{2}:\d{2}[,.]\d{3}`;
const VTT_TIMESTAMP = String.raw`(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}`;

const SRT_TIMING: TimingSyntax = {
  label: "SRT",
  // Some tools write X1/X2/Y1/Y2 position coordinates after the end time.
  pattern: new RegExp(String.raw`^(${SRT_TIMESTAMP})[ \t]*-->[ \t]*(${SRT_TIMESTAMP})(?:[ \t]+[XY][12]:-?\d+)*$`),
  example: "00:00:01,000 --> 00:00:02,000",
};

const VTT_TIMING: TimingSyntax = {
  label: "WebVTT",
  pattern: new RegExp(String.raw`^(${VTT_TIMESTAMP})[ \t]*-->[ \t]*(${VTT_TIMESTAMP})(?:[ \t]+\S.*)?$`),
  example: "00:00:01.000 --> 00:00:02.000",
};

const VTT_HEADER = /^WEBVTT(?:[ \t]|$)/;
const VTT_RAW_BLOCK = /^(?:NOTE(?:[ \t].*)?|STYLE|REGION)$/;
const CUE_NUMBER = /^\d+$/;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

export function parseTranscript(content: string, format: TranscriptFormat): ParsedTranscript {
  const lines = splitLines(content);
  const out = new SegmentWriter(content);
  let cueCount = 0;
  if (format === "srt") cueCount = parseSrt(lines, out);
  else if (format === "vtt") cueCount = parseVtt(lines, out);
  else parsePlainText(lines, out);
  return { format, segments: out.finish(), cueCount };
}

/** Concatenates segments; with unchanged segments returns the input byte-for-byte. */
export function writeTranscript(segments: readonly TranscriptSegment[]): string {
  return segments.map((segment) => segment.text).join("");
}

/** Guesses the format from a file name and/or content ("WEBVTT" header, SRT timing line), default "text". */
export function detectTranscriptFormat(content: string, filename?: string): TranscriptFormat {
  const body = content.charCodeAt(0) === BOM ? content.slice(1) : content;
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(body.trimStart())) return "vtt";
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === "vtt" || extension === "webvtt") return "vtt";
  if (extension === "srt") return "srt";
  // Subtitles are often saved as .txt; the first block's timing gives them away.
  const head = body.slice(0, 4096).split(/\r\n|\r|\n/, 20);
  return head.some((line) => SRT_TIMING.pattern.test(line.trim())) ? "srt" : "text";
}

/** Human label for a location, e.g. "cue 12 (00:01:02,500)" or "line 4". */
export function describeLocation(location: TextLocation): string {
  if (location.cue === null) return `line ${location.line}`;
  return location.start === null ? `cue ${location.cue}` : `cue ${location.cue} (${location.start})`;
}

/** Hands out segments by input offsets, so whatever lies between two text segments stays raw, byte-for-byte. */
class SegmentWriter {
  private readonly segments: TranscriptSegment[] = [];
  private rawStart = 0;

  constructor(private readonly content: string) {}

  /**
   * Leading and trailing spaces are left raw: they are layout, not speech, and a cleaner
   * that trims its text must not change them.
   */
  text(start: number, end: number, location: TextLocation): void {
    while (start < end && isSpaceOrTab(this.content.charCodeAt(start))) start++;
    while (end > start && isSpaceOrTab(this.content.charCodeAt(end - 1))) end--;
    if (start === end) return;
    if (start > this.rawStart) this.segments.push({ kind: "raw", text: this.content.slice(this.rawStart, start) });
    this.segments.push({ kind: "text", text: this.content.slice(start, end), location });
    this.rawStart = end;
  }

  finish(): TranscriptSegment[] {
    if (this.rawStart < this.content.length) this.segments.push({ kind: "raw", text: this.content.slice(this.rawStart) });
    return this.segments;
  }
}

function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = content.charCodeAt(0) === BOM ? 1 : 0;
  for (let i = start; i < content.length; i++) {
    const code = content.charCodeAt(i);
    if (code !== LF && code !== CR) continue;
    lines.push({ start, end: i, text: content.slice(start, i) });
    if (code === CR && content.charCodeAt(i + 1) === LF) i++;
    start = i + 1;
  }
  if (start < content.length) lines.push({ start, end: content.length, text: content.slice(start) });
  return lines;
}

function parsePlainText(lines: readonly Line[], out: SegmentWriter): void {
  lines.forEach((line, index) => out.text(line.start, line.end, { line: index + 1, cue: null, start: null }));
}

function parseSrt(lines: readonly Line[], out: SegmentWriter): number {
  let cue = 0;
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!.text.trim();
    if (first === "") {
      i++;
      continue;
    }
    let timing = i;
    if (!first.includes("-->")) {
      if (!CUE_NUMBER.test(first)) {
        throw new TranscriptFormatError(
          `Line ${i + 1}: "${quote(first)}" is neither a cue number nor an SRT timing line. ` +
            "If it is text of the cue above, remove the blank line before it.",
          i + 1,
        );
      }
      timing = expectTimingAfter(lines, i, `cue number ${first}`, SRT_TIMING);
    }
    const start = checkTiming(lines[timing]!.text, timing + 1, SRT_TIMING);
    cue++;
    i = writePayload(lines, timing + 1, out, { cue, start }, startsSrtCue);
  }
  return cue;
}

function parseVtt(lines: readonly Line[], out: SegmentWriter): number {
  let i = skipBlank(lines, 0);
  if (i === lines.length) return 0;
  const header = lines[i]!.text;
  if (!VTT_HEADER.test(header)) {
    throw new TranscriptFormatError(
      `Line ${i + 1}: a WebVTT file must start with a "WEBVTT" line, but it starts with "${quote(header)}".`,
      i + 1,
    );
  }
  // Per the WebVTT spec a timing line ends the header even without a blank line before it.
  i++;
  while (i < lines.length && !isBlank(lines[i]!) && !lines[i]!.text.includes("-->")) i++;

  let cue = 0;
  while (i < lines.length) {
    const first = lines[i]!.text.trim();
    if (first === "") {
      i++;
      continue;
    }
    if (VTT_RAW_BLOCK.test(first)) {
      while (i < lines.length && !isBlank(lines[i]!)) i++;
      continue;
    }
    const timing = first.includes("-->") ? i : expectTimingAfter(lines, i, `cue identifier "${quote(first)}"`, VTT_TIMING);
    const start = checkTiming(lines[timing]!.text, timing + 1, VTT_TIMING);
    cue++;
    i = writePayload(lines, timing + 1, out, { cue, start }, (all, index) => isTimingLine(all[index]!, VTT_TIMING));
  }
  return cue;
}

/** Returns the index of the line after the payload. */
function writePayload(
  lines: readonly Line[],
  first: number,
  out: SegmentWriter,
  cue: { cue: number; start: string },
  startsCue: (lines: readonly Line[], index: number) => boolean,
): number {
  let end = first;
  while (end < lines.length && !isBlank(lines[end]!) && !startsCue(lines, end)) end++;
  if (end > first) out.text(lines[first]!.start, lines[end - 1]!.end, { line: first + 1, ...cue });
  return end;
}

/**
 * A cue whose blank line went missing would otherwise swallow the next cue's number and
 * timing into its text, where a cleaner could rewrite them.
 */
function startsSrtCue(lines: readonly Line[], index: number): boolean {
  const line = lines[index]!;
  if (isTimingLine(line, SRT_TIMING)) return true;
  const next = lines[index + 1];
  return next !== undefined && CUE_NUMBER.test(line.text.trim()) && isTimingLine(next, SRT_TIMING);
}

/** Returns the index of the timing line that must follow the cue number or identifier at `index`. */
function expectTimingAfter(lines: readonly Line[], index: number, what: string, syntax: TimingSyntax): number {
  const next = lines[index + 1];
  if (next === undefined || isBlank(next)) {
    throw new TranscriptFormatError(
      `Line ${index + 1}: ${what} is not followed by a timing line such as ${syntax.example}.`,
      index + 1,
    );
  }
  if (!next.text.includes("-->")) {
    throw new TranscriptFormatError(
      `Line ${index + 2}: expected the timing of ${what}, such as ${syntax.example}, but found "${quote(next.text.trim())}".`,
      index + 2,
    );
  }
  return index + 1;
}

/** Validates a timing line and returns its start timestamp as written. */
function checkTiming(text: string, lineNumber: number, syntax: TimingSyntax): string {
  const trimmed = text.trim();
  const match = syntax.pattern.exec(trimmed);
  if (!match) {
    // Renaming an .srt file to .vtt is a common way to end up here.
    const hint = syntax === VTT_TIMING && /\d,\d{3}/.test(trimmed) ? " WebVTT needs a dot, not a comma, before the milliseconds." : "";
    throw new TranscriptFormatError(
      `Line ${lineNumber}: "${quote(trimmed)}" is not a valid ${syntax.label} timing (expected ${syntax.example}).${hint}`,
      lineNumber,
    );
  }
  const [, start = "", end = ""] = match;
  const startMs = toMilliseconds(start, lineNumber);
  const endMs = toMilliseconds(end, lineNumber);
  if (endMs < startMs) {
    throw new TranscriptFormatError(`Line ${lineNumber}: the cue ends at ${end}, before it starts at ${start}.`, lineNumber);
  }
  return start;
}

function toMilliseconds(timestamp: string, lineNumber: number): number {
  const [millis = 0, seconds = 0, minutes = 0, hours = 0] = timestamp.split(/[:,.]/).map(Number).reverse();
  if (minutes >= 60 || seconds >= 60) {
    const unit = minutes >= 60 ? "minutes" : "seconds";
    throw new TranscriptFormatError(`Line ${lineNumber}: "${timestamp}" is not a valid time: ${unit} must be 00 to 59.`, lineNumber);
  }
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

function isTimingLine(line: Line, syntax: TimingSyntax): boolean {
  return line.text.includes("-->") && syntax.pattern.test(line.text.trim());
}

function skipBlank(lines: readonly Line[], index: number): number {
  while (index < lines.length && isBlank(lines[index]!)) index++;
  return index;
}

function isBlank(line: Line): boolean {
  return line.text.trim() === "";
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
