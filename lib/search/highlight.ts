// Marker characters around matched words in snippets: the browser highlights between them and treats
// everything else as text, so a document's own HTML can never be injected into the page.
export const HIGHLIGHT_START = "\u0001";
export const HIGHLIGHT_END = "\u0002";

export type Range = readonly [start: number, end: number];

/** The text without its markers, and where the marked stretches are in it. */
export function markedRanges(marked: string): { text: string; ranges: Range[] } {
  const ranges: Range[] = [];
  let text = "";
  let start = -1;
  for (const ch of marked) {
    if (ch === HIGHLIGHT_START) start = text.length;
    else if (ch === HIGHLIGHT_END) {
      if (start >= 0 && text.length > start) ranges.push([start, text.length]);
      start = -1;
    } else text += ch;
  }
  return { text, ranges };
}

/** Every place `needle` occurs in `text`, ignoring case: what an in-document search (ILIKE) matched. */
export function substringRanges(text: string, needle: string): Range[] {
  const trimmed = needle.trim();
  if (!trimmed) return [];
  const pattern = new RegExp(trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu");
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length] as const);
}

/** The text with markers around the union of the ranges (overlapping or touching ones merged), for <Highlighted>. */
export function withMarkers(text: string, ranges: readonly Range[]): string {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = "";
  let at = 0;
  for (const [s, e] of merged) {
    out += `${text.slice(at, s)}${HIGHLIGHT_START}${text.slice(s, e)}${HIGHLIGHT_END}`;
    at = e;
  }
  return out + text.slice(at);
}
