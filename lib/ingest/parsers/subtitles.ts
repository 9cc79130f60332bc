import { ParseError, type Block, type ParsedDocument } from "./types";

/** Skipped cues listed on a document: enough to find and fix them, not a copy of a broken file. */
export const MAX_WARNINGS = 20;

/** A cue's text as indexed: runs of spaces (no-break ones too) as one, no empty lines. */
export function tidyCueText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

/**
 * A subtitle file's readable cues, with the skipped ones as warnings on the document (bad cues are
 * left out, as players do). Refused only when no cue at all could be read.
 */
export function subtitleDocument(cues: Block[], skipped: string[], encoding: string): ParsedDocument {
  if (cues.length === 0 && skipped.length > 0) {
    throw new ParseError(`No cue in this subtitle file could be read. ${skipped.slice(0, 3).join(" ")} Fix the file in a subtitle editor and upload it again.`);
  }
  const warnings = skipped.length > MAX_WARNINGS ? [...skipped.slice(0, MAX_WARNINGS), `${skipped.length - MAX_WARNINGS} more cues were skipped.`] : skipped;
  return {
    blocks: cues.filter((cue) => cue.text),
    metadata: { cues: cues.length, encoding, ...(warnings.length ? { warnings } : {}) },
  };
}

/** A line quoted in a warning, shortened so one broken line cannot fill the page. */
export function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
