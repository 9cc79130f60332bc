import { quote, subtitleDocument, tidyCueText } from "./subtitles";
import { decodeDocumentText, type Block, type ParsedDocument } from "./types";

const TIMESTAMP = String.raw`(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})`;
/** Some tools write X1/Y1 coordinates or WebVTT-style settings after the end time: they are ignored. */
const TIMING = new RegExp(String.raw`^${TIMESTAMP}[ \t]*-->[ \t]*${TIMESTAMP}(?:[ \t].*)?$`);
const CUE_NUMBER = /^\d+$/;
const EXAMPLE = "00:00:01,000 --> 00:00:02,000";

/**
 * One block per cue, with the number written before it (its position where there is none) and its
 * timing. A cue with a bad timing, or text that belongs to no cue, is skipped with a warning.
 */
export function parseSrt(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  // "\r\r\n" (a CRLF file converted once more) is one line break, not a blank line inside a cue.
  const lines = text.split(/\r*\n|\r/);
  const cues: Block[] = [];
  const skipped: string[] = [];
  let position = 0;
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!.trim();
    if (first === "") {
      i++;
      continue;
    }
    const numbered = CUE_NUMBER.test(first) && lines[i + 1]?.includes("-->") === true;
    const timingAt = numbered ? i + 1 : i;
    const end = endOfCue(lines, timingAt + 1);
    if (!lines[timingAt]!.includes("-->")) {
      skipped.push(
        CUE_NUMBER.test(first)
          ? `Line ${i + 1}: cue ${first} was skipped: no timing line such as ${EXAMPLE} follows its number.`
          : `Line ${i + 1}: "${quote(first)}" is neither a cue number nor a timing line, so it was skipped. If it is text of the cue above, remove the blank line before it.`,
      );
      i = end;
      continue;
    }
    position++;
    const timing = parseTiming(lines[timingAt]!.trim());
    if (typeof timing === "string") {
      skipped.push(`Line ${timingAt + 1}: cue skipped: ${timing}`);
    } else {
      cues.push({ kind: "cue", text: indexedText(lines.slice(timingAt + 1, end)), cue: numbered ? Number(first) : position, ...timing });
    }
    i = end;
  }
  return subtitleDocument(cues, skipped, encoding);
}

/** The cue's text ends at a blank line, or where a timing line shows a blank line went missing. */
function endOfCue(lines: readonly string[], index: number): number {
  while (index < lines.length && lines[index]!.trim() !== "" && !startsCue(lines, index)) index++;
  return index;
}

function startsCue(lines: readonly string[], index: number): boolean {
  const line = lines[index]!.trim();
  if (TIMING.test(line)) return true;
  return CUE_NUMBER.test(line) && TIMING.test(lines[index + 1]?.trim() ?? "");
}

/** Start and end in milliseconds, or why the line is not a usable timing. */
function parseTiming(line: string): { startMs: number; endMs: number } | string {
  const match = TIMING.exec(line);
  if (!match) return `"${quote(line)}" is not a valid SRT timing (expected ${EXAMPLE}).`;
  const [startMs, endMs] = [match.slice(1, 5), match.slice(5, 9)].map(([h, m, s, fraction]) => {
    if (Number(m) > 59 || Number(s) > 59) return null;
    // ",5" is half a second, as in a decimal fraction.
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(fraction!.padEnd(3, "0"));
  });
  if (startMs == null || endMs == null) return `"${quote(line)}" has minutes or seconds above 59.`;
  if (endMs < startMs) return `the cue ends before it starts ("${quote(line)}").`;
  return { startMs, endMs };
}

/**
 * The words only: SSA/ASS override blocks ({\an8}, {\i1}) and HTML-style tags (<i>, <font …>) go;
 * \N and \n (ASS line breaks) become line breaks and \h (ASS hard space) a space.
 */
function indexedText(lines: readonly string[]): string {
  return tidyCueText(
    lines
      .join("\n")
      .replace(/\{\\[^}]*\}/g, "")
      .replace(/\\[Nn]/g, "\n")
      .replace(/\\h/g, " ")
      .replace(/<\/?[a-z][^<>]*>/gi, ""),
  );
}
