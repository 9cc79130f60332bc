import { parse } from "node-html-parser";
import { htmlBlocks } from "./html-blocks";
import { decodeDocumentText, type ParsedDocument } from "./types";

/** Headings, paragraphs, list items and table rows, in document order; scripts, styles and templates are dropped. */
export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  const root = parse(text, { blockTextElements: { pre: true } });
  // From the one parse, before the head goes; querySelectorAll, as querySelector recurses and
  // overflows the stack on a page nested 20,000 elements deep.
  const title = root.querySelectorAll("title")[0]?.textContent.trim();
  root.querySelectorAll("script, style, noscript, template, svg, head").forEach((el) => el.remove());
  const blocks = htmlBlocks(root);
  return { blocks, metadata: title ? { title, encoding } : { encoding } };
}
