import { parse } from "@plussub/srt-vtt-parser";
import { decodeUtf8, ParseError, type ParsedDocument } from "./types";

/** One block per cue, keeping its number and timing so search results can point into the recording. */
export function parseSubtitles(bytes: Uint8Array): ParsedDocument {
  let entries: { id: string; from: number; to: number; text: string }[];
  try {
    ({ entries } = parse(decodeUtf8(bytes)));
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError("The subtitle file has malformed cues or timings. Check it in a subtitle editor and upload it again.");
  }
  const blocks = entries
    .map((e, i) => ({ kind: "cue" as const, text: e.text.replace(/<[^>]+>/g, "").trim(), cue: Number(e.id) || i + 1, startMs: e.from, endMs: e.to }))
    .filter((b) => b.text);
  return { blocks, metadata: { cues: entries.length } };
}
