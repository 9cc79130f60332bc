import mammoth from "mammoth";
import type { DocumentPart } from "@/db/schema";
import { parse, type HTMLElement } from "node-html-parser";
import { assertDocxWithinLimits } from "../docx-limits";
import { readDocxParts } from "./docx-parts";
import { htmlBlocks } from "./html-blocks";
import { ParseError, type Block, type ParsedDocument } from "./types";

/** mammoth renders comments (after the notes) only when their references are mapped to an element. */
const STYLE_MAP = ["comment-reference => sup"];
// The markers the body and the notes point at each other with: "[1]" in the text, "↑" after a note.
const REFERENCE_LINKS = ["footnote", "endnote", "comment"].flatMap((kind) => [`a[id^="${kind}-ref-"]`, `a[href^="#${kind}-ref-"]`]).join(", ");

/**
 * Takes the notes and comments mammoth appends to the body (`<li id="footnote-1">`,
 * `<li id="endnote-1">`, `<dt id="comment-0">Comment [1]</dt><dd>…</dd>`) out of it, as blocks of their part.
 */
function takeNotesAndComments(root: HTMLElement): Block[] {
  root.querySelectorAll(REFERENCE_LINKS).forEach((link) => link.remove());
  const blocks: Block[] = [];
  const take = (element: HTMLElement, part: DocumentPart) => {
    blocks.push(...htmlBlocks(element).map((block) => ({ ...block, part })));
    element.remove();
  };
  for (const part of ["footnote", "endnote"] as const) root.querySelectorAll(`li[id^="${part}-"]`).forEach((note) => take(note, part));
  for (const title of root.querySelectorAll('dt[id^="comment-"]')) {
    const comment = title.nextElementSibling;
    if (comment?.tagName === "DD") take(comment, "comment");
    title.remove();
  }
  return blocks;
}

/** mammoth puts a text box's paragraphs in the body after its anchor: drop those copies, the box is indexed as its own part. */
function withoutTextBoxCopies(body: Block[], textBoxes: Block[]): Block[] {
  const kept = [...body];
  let from = 0;
  for (const box of textBoxes) {
    const at = kept.findIndex((block, i) => i >= from && block.text === box.text);
    if (at < 0) continue;
    kept.splice(at, 1);
    from = at;
  }
  return kept;
}

/**
 * Word documents through mammoth's HTML, so headings, lists and tables keep their structure; then the
 * footnotes, endnotes, comments, text boxes, headers and footers, each block marked with its part.
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  await assertDocxWithinLimits(bytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP }));
  } catch {
    throw new ParseError("The Word document is damaged or not a .docx file. Save it again as .docx and upload it.");
  }
  const root = parse(html);
  const notesAndComments = takeNotesAndComments(root);
  const { headersAndFooters, textBoxes } = await readDocxParts(bytes);
  const body = withoutTextBoxCopies(htmlBlocks(root), textBoxes);
  return { blocks: [...body, ...textBoxes, ...notesAndComments, ...headersAndFooters], metadata: {} };
}
