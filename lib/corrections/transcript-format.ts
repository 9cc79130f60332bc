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
  /** Cues (or stray lines) that could not be read: left raw, as they are, and not cleaned. */
  skipped: SkippedCue[];
}

export interface SkippedCue {
  /** 1-based line of the problem. */
  line: number;
  /** What is wrong, in words that say how to fix it. */
  reason: string;
}

/** The whole file cannot be read in its format (a WebVTT file without its header); one bad cue never is. */
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
  const skipped: SkippedCue[] = [];
  let cueCount = 0;
  if (format === "srt") cueCount = parseSrt(lines, out, skipped);
  else if (format === "vtt") cueCount = parseVtt(lines, out, skipped);
  else parsePlainText(lines, out);
  return { format, segments: out.finish(), cueCount, skipped };
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
  // A timing line written wrong (no milliseconds, one digit too few) still says "subtitles": read it
  // as SRT so the cue at fault is reported, not the whole file cleaned as prose.
  return head.some((line) => SRT_TIMING.pattern.test(line.trim()) || TIMING_LIKE.test(line.trim())) ? "srt" : "text";
}

const TIMING_LIKE = /^\d{1,2}:\d{1,2}[\d:.,]*[ \t]*-{1,2}>[ \t]*\d{1,2}:\d{1,2}[\d:.,]*/;

/**
 * A subtitle file none of whose cues could be read is not in that format at all: refuse it with the
 * first problem rather than clean nothing and hand the input back.
 */
export function assertSomeCueRead(parsed: ParsedTranscript): void {
  if (parsed.format === "text" || parsed.cueCount > 0 || parsed.skipped.length === 0) return;
  const first = parsed.skipped[0]!;
  const label = parsed.format === "srt" ? "an SRT" : "a WebVTT";
  throw new TranscriptFormatError(
    `This is not ${label} file: none of its cues could be read (line ${first.line}: ${first.reason}) Fix the file, or choose Plain text as the format to clean it as text.`,
    first.line,
  );
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

/** Where a cue's timing line is and the start it gives, or why the cue cannot be read. */
type CueHead = { timing: number; start: string } | { problem: SkippedCue };

/**
 * A cue that cannot be read, or a line that belongs to no cue, is reported and left raw as it is
 * (players skip such a cue); reading goes on after it.
 */
function parseSrt(lines: readonly Line[], out: SegmentWriter, skipped: SkippedCue[]): number {
  let cue = 0;
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!.text.trim();
    if (first === "") {
      i++;
      continue;
    }
    let head: CueHead;
    if (first.includes("-->")) head = readTiming(lines, i, SRT_TIMING);
    else if (CUE_NUMBER.test(first)) head = readTimingAfter(lines, i, `cue number ${first}`, SRT_TIMING);
    else head = problem(i + 1, `"${quote(first)}" is neither a cue number nor an SRT timing line. If it is text of the cue above, remove the blank line before it.`);
    if ("problem" in head) {
      skipped.push(head.problem);
      // Resume after the line at fault (problem lines count from 1).
      i = endOfCue(lines, head.problem.line, startsSrtCue);
      continue;
    }
    cue++;
    i = writePayload(lines, head.timing + 1, out, { cue, start: head.start }, startsSrtCue);
  }
  return cue;
}

function parseVtt(lines: readonly Line[], out: SegmentWriter, skipped: SkippedCue[]): number {
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

  const startsCue = (all: readonly Line[], index: number) => isTimingLine(all[index]!, VTT_TIMING);
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
    const head = first.includes("-->") ? readTiming(lines, i, VTT_TIMING) : readTimingAfter(lines, i, `cue identifier "${quote(first)}"`, VTT_TIMING);
    if ("problem" in head) {
      skipped.push(head.problem);
      i = endOfCue(lines, head.problem.line, startsCue);
      continue;
    }
    cue++;
    i = writePayload(lines, head.timing + 1, out, { cue, start: head.start }, startsCue);
  }
  return cue;
}

type StartsCue = (lines: readonly Line[], index: number) => boolean;

/** Returns the index of the line after the payload. */
function writePayload(lines: readonly Line[], first: number, out: SegmentWriter, cue: { cue: number; start: string }, startsCue: StartsCue): number {
  const end = endOfCue(lines, first, startsCue);
  if (end > first) out.text(lines[first]!.start, lines[end - 1]!.end, { line: first + 1, ...cue });
  return end;
}

/** The index of the blank line, or the next cue's first line, that ends the cue going on at `index`. */
function endOfCue(lines: readonly Line[], index: number, startsCue: StartsCue): number {
  while (index < lines.length && !isBlank(lines[index]!) && !startsCue(lines, index)) index++;
  return index;
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

/** The timing line that must follow the cue number or identifier at `index`. */
function readTimingAfter(lines: readonly Line[], index: number, what: string, syntax: TimingSyntax): CueHead {
  const next = lines[index + 1];
  if (next === undefined || isBlank(next)) return problem(index + 1, `${capitalise(what)} is not followed by a timing line such as ${syntax.example}.`);
  if (!next.text.includes("-->")) return problem(index + 2, `Expected the timing of ${what}, such as ${syntax.example}, but found "${quote(next.text.trim())}".`);
  return readTiming(lines, index + 1, syntax);
}

/** Validates the timing line at `index` and gives its start timestamp as written. */
function readTiming(lines: readonly Line[], index: number, syntax: TimingSyntax): CueHead {
  const trimmed = lines[index]!.text.trim();
  const match = syntax.pattern.exec(trimmed);
  if (!match) {
    // Renaming an .srt file to .vtt is a common way to end up here.
    const hint = syntax === VTT_TIMING && /\d,\d{3}/.test(trimmed) ? " WebVTT needs a dot, not a comma, before the milliseconds." : "";
    return problem(index + 1, `"${quote(trimmed)}" is not a valid ${syntax.label} timing (expected ${syntax.example}).${hint}`);
  }
  const [, start = "", end = ""] = match;
  for (const timestamp of [start, end]) {
    const [, seconds = 0, minutes = 0] = timestamp.split(/[:,.]/).map(Number).reverse();
    if (minutes >= 60 || seconds >= 60) return problem(index + 1, `"${timestamp}" is not a valid time: ${minutes >= 60 ? "minutes" : "seconds"} must be 00 to 59.`);
  }
  if (toMilliseconds(end) < toMilliseconds(start)) return problem(index + 1, `The cue ends at ${end}, before it starts at ${start}.`);
  return { timing: index, start };
}

function toMilliseconds(timestamp: string): number {
  const [millis = 0, seconds = 0, minutes = 0, hours = 0] = timestamp.split(/[:,.]/).map(Number).reverse();
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

function problem(line: number, reason: string): { problem: SkippedCue } {
  return { problem: { line, reason } };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
