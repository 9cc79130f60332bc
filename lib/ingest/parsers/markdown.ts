import { decodeDocumentText, paragraphs, type Block, type ParsedDocument } from "./types";

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;

/** Headings become their own blocks; everything between them is split into paragraphs. */
export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const blocks: Block[] = [];
  let buffer: string[] = [];
  let inFence = false;
  const flush = () => {
    blocks.push(...paragraphs(buffer.join("\n")));
    buffer = [];
  };
  const { text, encoding } = decodeDocumentText(bytes);
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = !inFence && HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", text: heading[2]!.trim(), level: heading[1]!.length });
    } else buffer.push(line);
  }
  flush();
  return { blocks, metadata: { encoding } };
}
