import { NodeType, type HTMLElement, type Node } from "node-html-parser";
import type { Block } from "./types";

/**
 * Elements a browser lays out as blocks (or table parts): their edges separate words, so
 * `<td>Apple</td><td>sauce</td>` never reads as "Applesauce". Anything else (b, i, span, a, custom
 * elements) is inline and its text joins its neighbours'.
 */
const BLOCK_TAGS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BODY", "CAPTION", "CENTER", "DD", "DETAILS", "DIALOG", "DIV",
  "DL", "DT", "FIELDSET", "FIGCAPTION", "FIGURE", "FOOTER", "FORM", "HEADER", "HGROUP", "HR", "HTML", "LEGEND",
  "LI", "MAIN", "MENU", "NAV", "OL", "P", "SECTION", "SUMMARY", "TABLE", "TBODY", "TD", "TFOOT", "TH", "THEAD", "UL",
]);
const HEADING_TAGS = /^H([1-6])$/;
const PARAGRAPH = { kind: "paragraph" } as const;

/**
 * A table row is one block, its cells joined by " | ": a row is usually one record, so a query naming
 * two of its cells finds them in the same block (and chunk), the separator keeps the words apart for
 * full-text search and the embedding, and a search snippet still reads as a row. A block per cell would
 * scatter a record; a block per table would outgrow a chunk.
 */
export const CELL_SEPARATOR = " | ";

/** A block's text: whitespace collapsed within each line, empty lines dropped. */
export function tidyText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

/** Gathers inline text line by line (a `<br>` or a line of `<pre>` starts a line) until a block ends. */
class BlockWriter {
  readonly blocks: Block[] = [];
  private lines: string[] = [""];

  /** Line ends in the source are only whitespace. */
  write(text: string): void {
    this.lines[this.lines.length - 1] += text.replace(/\s+/g, " ");
  }

  lineBreak(): void {
    this.lines.push("");
  }

  /** Ends the current block; nothing if it holds no text. */
  end(block: Omit<Block, "text"> = PARAGRAPH): void {
    const text = tidyText(this.lines.join("\n"));
    this.lines = [""];
    if (text) this.blocks.push({ ...block, text });
  }
}

const isElement = (node: Node): node is HTMLElement => node.nodeType === NodeType.ELEMENT_NODE;

/** A cell's text on one line, its own paragraphs (and any nested rows) separated by spaces. */
function cellText(cell: HTMLElement): string {
  return htmlBlocks(cell)
    .map((block) => block.text.replace(/\n/g, " "))
    .join(" ");
}

const cellsOf = (row: HTMLElement) => row.childNodes.filter(isElement).filter((cell) => cell.tagName === "TD" || cell.tagName === "TH");

/** Pushes a node's children so that popping takes them in document order (no spread: a node may have 100,000). */
function pushChildren(stack: unknown[], node: Node): void {
  for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
}

/** A row whose cells hold tables or headings lays out a page rather than holding a record: its cells' blocks stay blocks. */
function isLayoutRow(row: HTMLElement): boolean {
  const pending: Node[] = [];
  for (const cell of cellsOf(row)) pushChildren(pending, cell);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (!isElement(node)) continue;
    if (node.tagName === "TABLE" || HEADING_TAGS.test(node.tagName)) return true;
    pushChildren(pending, node);
  }
  return false;
}

/** What is left to read: a node, or the end of a block whose element has been read. */
type Step = Node | { closes: Omit<Block, "text"> };

/**
 * The blocks of an HTML tree in document order: headings with levels, paragraphs, list items, table
 * rows. A loop over a stack rather than recursion, so a page of thousands of nested divs cannot
 * overflow the call stack.
 */
export function htmlBlocks(root: HTMLElement): Block[] {
  const out = new BlockWriter();
  const steps: Step[] = [];
  pushChildren(steps, root);
  // A list item's own text ends where its nested list starts: each item is its own block.
  const open = (element: HTMLElement, closes: Omit<Block, "text">) => {
    out.end();
    steps.push({ closes });
    pushChildren(steps, element);
  };
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ("closes" in step) {
      out.end(step.closes);
      continue;
    }
    // node-html-parser keeps a doctype or a processing instruction (<?xml ...?>) as text: it is markup.
    if (step.nodeType === NodeType.TEXT_NODE && !/^\s*<[!?]/.test(step.rawText)) out.write(step.text);
    if (!isElement(step)) continue;
    const tag = step.tagName;
    const heading = HEADING_TAGS.exec(tag);
    if (tag === "BR") out.lineBreak();
    else if (tag === "PRE") {
      out.end();
      for (const line of step.text.split("\n")) {
        out.write(line);
        out.lineBreak();
      }
      out.end();
    } else if (heading) open(step, { kind: "heading", level: Number(heading[1]) });
    else if (tag === "TR" && !isLayoutRow(step)) {
      out.end();
      out.write(cellsOf(step).map(cellText).filter(Boolean).join(CELL_SEPARATOR));
      out.end({ kind: "row" });
    } else if (BLOCK_TAGS.has(tag)) open(step, PARAGRAPH);
    else pushChildren(steps, step);
  }
  out.end();
  return out.blocks;
}
