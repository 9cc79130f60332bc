import { parse, type HTMLElement } from "node-html-parser";
import { decodeUtf8, paragraphs, type Block, type ParsedDocument } from "./types";

const BLOCK_TAGS = new Set(["P", "LI", "PRE", "BLOCKQUOTE", "TD", "TH", "DT", "DD", "FIGCAPTION", "CAPTION"]);
const HEADING_TAGS = /^H([1-6])$/;

function collect(node: HTMLElement, blocks: Block[]): void {
  for (const child of node.childNodes) {
    if (!(child instanceof Object) || !("tagName" in child) || !child.tagName) continue;
    const element = child as HTMLElement;
    const heading = HEADING_TAGS.exec(element.tagName);
    const text = () => element.textContent.replace(/\s+/g, " ").trim();
    if (heading) {
      const t = text();
      if (t) blocks.push({ kind: "heading", text: t, level: Number(heading[1]) });
    } else if (BLOCK_TAGS.has(element.tagName)) {
      const t = text();
      if (t) blocks.push({ kind: "paragraph", text: t });
    } else collect(element, blocks);
  }
}

/** Text of headings and block elements, in document order; scripts, styles and templates are dropped. */
export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const root = parse(decodeUtf8(bytes), { blockTextElements: { pre: true } });
  root.querySelectorAll("script, style, noscript, template, svg, head").forEach((el) => el.remove());
  const blocks: Block[] = [];
  collect(root, blocks);
  // Pages built of bare divs and text: fall back to the text itself.
  if (blocks.length === 0) blocks.push(...paragraphs(root.textContent.replace(/[ \t]+/g, " ")));
  const title = parse(decodeUtf8(bytes)).querySelector("title")?.textContent.trim();
  return { blocks, metadata: title ? { title } : {} };
}
