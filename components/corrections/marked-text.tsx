import type { ReactNode } from "react";

export interface Mark {
  start: number;
  end: number;
  className: string;
  title?: string;
  testId?: string;
}

/** Renders text with non-overlapping marked ranges; line breaks are kept. */
export function MarkedText({ text, marks }: { text: string; marks: readonly Mark[] }) {
  const nodes: ReactNode[] = [];
  let at = 0;
  for (const [i, m] of [...marks].sort((a, b) => a.start - b.start).entries()) {
    if (m.start < at) continue;
    if (m.start > at) nodes.push(text.slice(at, m.start));
    nodes.push(
      <mark key={i} className={m.className} title={m.title} data-testid={m.testId}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return <span className="whitespace-pre-wrap break-words">{nodes}</span>;
}

/** Where each edit's original words sat in the text before it was cleaned. */
export function originalRanges(edits: readonly { start: number; from: string; to: string }[]): { start: number; end: number }[] {
  let shift = 0;
  return edits.map((e) => {
    const start = e.start - shift;
    shift += e.to.length - e.from.length;
    return { start, end: start + e.from.length };
  });
}
