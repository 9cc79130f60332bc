import { DOMParser } from "@xmldom/xmldom";
import type { DocumentPart } from "@/db/schema";
import yauzl from "yauzl";
import { DOCX_LIMITS } from "../docx-limits";
import { CELL_SEPARATOR, tidyText } from "./html-blocks";
import type { Block } from "./types";

/**
 * What mammoth does not read from a .docx: headers and footers (it converts the body only), and text
 * boxes drawn with DrawingML alone (it reads only the VML fallback). They are read here from the
 * WordprocessingML itself: paragraphs and table rows, as the body's blocks are.
 */

const WORD_NAMESPACES = new Set(["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"]);
const MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const HEADER_OR_FOOTER = /^word\/(header|footer)(\d*)\.xml$/;
const MAIN_DOCUMENT = "word/document.xml";

const isElement = (node: Node): node is Element => node.nodeType === 1;
const isWord = (node: Node, name: string) => isElement(node) && WORD_NAMESPACES.has(node.namespaceURI ?? "") && node.localName === name;
const isMarkup = (node: Node, name: string) => isElement(node) && node.namespaceURI === MARKUP_COMPATIBILITY && node.localName === name;
const childElements = (element: Element) => Array.from(element.childNodes).filter(isElement);
const wordDescendants = (element: Element, name: string) => Array.from(element.getElementsByTagNameNS("*", name)).filter((node) => isWord(node, name));

/**
 * An mc:AlternateContent holds the same content twice (a DrawingML choice and a VML fallback): read
 * one. The fallback when it has text, as mammoth does, so the text of a box it put in the body matches.
 */
function readableBranch(alternate: Element): Element | undefined {
  const fallback = childElements(alternate).find((child) => isMarkup(child, "Fallback"));
  if (fallback && wordDescendants(fallback, "t").length > 0) return fallback;
  return childElements(alternate).find((child) => isMarkup(child, "Choice")) ?? fallback;
}

/** A paragraph's text (tabs as spaces, breaks as line ends) and the text boxes anchored in it. */
function readParagraph(paragraph: Element): { text: string; textBoxes: Element[] } {
  let text = "";
  const textBoxes: Element[] = [];
  const visit = (element: Element) => {
    for (const child of childElements(element)) {
      if (isWord(child, "t")) text += child.textContent ?? "";
      else if (isWord(child, "tab") || isWord(child, "ptab")) text += " ";
      else if (isWord(child, "br") || isWord(child, "cr")) text += "\n";
      else if (isWord(child, "noBreakHyphen")) text += "-";
      else if (isWord(child, "txbxContent")) textBoxes.push(child);
      // Properties hold tab stops (w:tab) and no text; deleted text and field codes are not w:t.
      else if (isWord(child, "pPr") || isWord(child, "rPr")) continue;
      else if (isMarkup(child, "AlternateContent")) {
        const branch = readableBranch(child);
        if (branch) visit(branch);
      } else visit(child);
    }
  };
  visit(paragraph);
  return { text: tidyText(text), textBoxes };
}

/** The blocks of a story (a header, a footer, a text box, a table cell): paragraphs, each followed by its text boxes, and table rows. */
function storyBlocks(story: Element): Block[] {
  const blocks: Block[] = [];
  for (const child of childElements(story)) {
    if (isWord(child, "p")) {
      const { text, textBoxes } = readParagraph(child);
      if (text) blocks.push({ kind: "paragraph", text });
      for (const box of textBoxes) blocks.push(...storyBlocks(box));
    } else if (isWord(child, "tbl")) {
      for (const row of childElements(child).filter((row) => isWord(row, "tr"))) {
        // Cells joined as the HTML parser joins them (see CELL_SEPARATOR).
        const cells = childElements(row).filter((cell) => isWord(cell, "tc"));
        const text = cells.map((cell) => storyBlocks(cell).map((block) => block.text.replace(/\n/g, " ")).join(" ")).filter(Boolean).join(CELL_SEPARATOR);
        if (text) blocks.push({ kind: "row", text });
      }
    } else if (isMarkup(child, "AlternateContent")) {
      const branch = readableBranch(child);
      if (branch) blocks.push(...storyBlocks(branch));
    } else blocks.push(...storyBlocks(child)); // w:sdt, w:customXml and other wrappers of paragraphs
  }
  return blocks;
}

/** The text boxes anchored in the body's own paragraphs (those inside a box come with that box). */
function bodyTextBoxes(document: Element): Block[] {
  const insideBox = (node: Node) => {
    for (let parent = node.parentNode; parent; parent = parent.parentNode) if (isWord(parent, "txbxContent")) return true;
    return false;
  };
  return wordDescendants(document, "p")
    .filter((paragraph) => !insideBox(paragraph))
    .flatMap((paragraph) => readParagraph(paragraph).textBoxes)
    .flatMap(storyBlocks);
}

/**
 * The named parts' XML. The whole file was checked against DOCX_LIMITS before (assertDocxWithinLimits);
 * the parts read here are bounded by the same total again, so this reader is safe on its own.
 */
async function readZipParts(bytes: Uint8Array, wanted: (name: string) => boolean): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, autoClose: false });
  const parts = new Map<string, string>();
  let unpacked = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (!wanted(entry.fileName)) continue;
      unpacked += entry.uncompressedSize;
      if (unpacked > DOCX_LIMITS.unpackedBytes) break;
      const chunks: Buffer[] = [];
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
      parts.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
    }
  } finally {
    zip.close();
  }
  return parts;
}

/**
 * A part's blocks read by `read`, or none for XML that does not parse or nests too deep to walk:
 * mammoth never needed the part, so the body still counts.
 */
function blocksOfPart(xml: string, read: (root: Element) => Block[]): Block[] {
  let failed = false;
  const onError = () => void (failed = true);
  const root = new DOMParser({ errorHandler: { warning: () => {}, error: onError, fatalError: onError } }).parseFromString(xml, "text/xml").documentElement;
  if (failed || !root) return [];
  try {
    return read(root);
  } catch (error) {
    if (error instanceof RangeError) return []; // the call stack ran out
    throw error;
  }
}

/** Headers before footers, each in number order (header2 before header10). */
function partOrder(a: string, b: string): number {
  const rank = (name: string) => {
    const [, kind, number] = HEADER_OR_FOOTER.exec(name)!;
    return (kind === "header" ? 0 : 1e6) + Number(number);
  };
  return rank(a) - rank(b);
}

export interface DocxParts {
  /** Each text once, though a header repeats on every section (or is saved once per section). */
  headersAndFooters: Block[];
  textBoxes: Block[];
}

/** Headers, footers and the body's text boxes of a .docx already checked by assertDocxWithinLimits. */
export async function readDocxParts(bytes: Uint8Array): Promise<DocxParts> {
  const xml = await readZipParts(bytes, (name) => HEADER_OR_FOOTER.test(name) || name === MAIN_DOCUMENT);
  const headersAndFooters: Block[] = [];
  const seen = new Set<string>();
  for (const name of [...xml.keys()].filter((name) => name !== MAIN_DOCUMENT).sort(partOrder)) {
    const part: DocumentPart = HEADER_OR_FOOTER.exec(name)![1] === "header" ? "header" : "footer";
    for (const block of blocksOfPart(xml.get(name)!, storyBlocks)) {
      if (seen.has(`${part} ${block.text}`)) continue;
      seen.add(`${part} ${block.text}`);
      headersAndFooters.push({ ...block, part });
    }
  }
  // Most documents have no text box: parse the body's XML a second time only when it has one.
  const documentXml = xml.get(MAIN_DOCUMENT) ?? "";
  const textBoxes = documentXml.includes("txbxContent") ? blocksOfPart(documentXml, bodyTextBoxes).map((block) => ({ ...block, part: "textbox" as const })) : [];
  return { headersAndFooters, textBoxes };
}
