import { WebVTTParser, type WebVTTError, type WebVTTNode } from "webvtt-parser";
import htmlEntities from "webvtt-parser/html-entities.json";
import { quote, subtitleDocument, tidyCueText } from "./subtitles";
import { decodeDocumentText, type Block, type ParsedDocument } from "./types";

/**
 * The parser's errors that mean it dropped a cue (a timing it could not read) or a block that is no
 * cue (an identifier without a timing line); the rest are conformance notes on cues it kept.
 */
const DROPPED_TIMING = [
  "No timestamp found.",
  "Timestamp must start with a character in the range 0-9.",
  "No time unit separator found.",
  "Must be exactly two digits.",
  "No seconds found or minutes is greater than 59.",
  'No decimal separator (".") found.',
  "Milliseconds must be given in three digits.",
  "You cannot have more than 59 minutes.",
  "You cannot have more than 59 seconds.",
  "No valid timestamp separator found.",
];
const DROPPED_BLOCK = ["Cue identifier cannot be standalone.", "Cue identifier needs to be followed by timestamp."];
const EXAMPLE = "00:01.000 --> 00:04.000";

/**
 * One block per cue, by the WebVTT spec's own parser (webvtt-parser): every timestamp form and cue
 * setting, regions, NOTE and STYLE blocks ignored, every HTML entity decoded, tags removed. A voice
 * span's speaker is kept on the block and written before the words, so searching the name finds them.
 */
export function parseVtt(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  const { cues, errors } = new WebVTTParser(htmlEntities).parse(text, "metadata");
  const blocks = cues.map((cue, index): Block => {
    const speakers = new Set<string>();
    const words = tidyCueText(render(cue.tree.children, speakers));
    return {
      kind: "cue",
      text: words,
      cue: /^\d+$/.test(cue.id) ? Number(cue.id) : index + 1,
      startMs: Math.round(cue.startTime * 1000),
      endMs: Math.round(cue.endTime * 1000),
      ...(speakers.size ? { speaker: [...speakers].join(", ") } : {}),
    };
  });
  return subtitleDocument(blocks, skippedCues(text, errors), encoding);
}

function render(nodes: readonly WebVTTNode[], speakers: Set<string>): string {
  let text = "";
  for (const node of nodes) {
    if (node.type === "text") text += String(node.value ?? "");
    // <rt> is a ruby reading aid for the text it annotates, not more words.
    if (node.type !== "object" || node.name === "rt") continue;
    const speaker = node.name === "v" && typeof node.value === "string" ? node.value.trim() : "";
    if (speaker) {
      speakers.add(speaker);
      text += `${speaker}: `;
    }
    text += render(node.children ?? [], speakers);
  }
  return text;
}

/** One warning per skipped block; REGION definition blocks are not cues and are ignored, as players do. */
function skippedCues(text: string, errors: readonly WebVTTError[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const blockStart = (line: number) => {
    let index = line - 1;
    while (index > 0 && lines[index - 1] !== "") index--;
    return index;
  };
  const warned = new Set<number>();
  const warnings: string[] = [];
  for (const error of errors) {
    const timing = DROPPED_TIMING.includes(error.message);
    if (!timing && !DROPPED_BLOCK.includes(error.message)) continue;
    const start = blockStart(error.line);
    if (warned.has(start) || /^REGION(?:[ \t]|$)/.test(lines[start] ?? "")) continue;
    warned.add(start);
    const line = (lines[error.line - 1] ?? "").trim();
    warnings.push(
      timing
        ? `Line ${error.line}: cue skipped: "${quote(line)}" is not a valid WebVTT timing (${error.message.replace(/\.$/, "")}; expected ${EXAMPLE}).`
        : `Line ${start + 1}: "${quote(lines[start]!.trim())}" is not followed by a timing line such as ${EXAMPLE}, so it was skipped. If it is text of the cue above, remove the blank line before it.`,
    );
  }
  return warnings;
}
