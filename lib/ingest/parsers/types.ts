import type { DocumentPart } from "@/db/schema";
import { decodeText, type DecodedText } from "../text-encoding";
import type { OcrOptions } from "../ocr/ocr-options";

export type BlockKind = "heading" | "paragraph" | "cue" | "row";

/** A unit of a document's structure; chunks are built from whole blocks where they fit. */
export interface Block {
  kind: BlockKind;
  text: string;
  page?: number;
  /** Subtitle cue number, and its timing in milliseconds. */
  cue?: number;
  startMs?: number;
  endMs?: number;
  /** Heading level 1-6, for headings. */
  level?: number;
  /** A Word document's header, footer, note, comment or text box; the body has none. */
  part?: DocumentPart;
  /** Subtitle cue: who speaks (a WebVTT voice span); the block's text also names them, so search finds it. */
  speaker?: string;
  /** Read by OCR from an image: the engine's confidence in the text, 0-100. */
  ocrConfidence?: number;
  /** A filled PDF form field's name: the block is "Field: value", not page text. */
  formField?: string;
}

export interface ParsedDocument {
  blocks: Block[];
  metadata: Record<string, unknown>;
}

/** What a workspace chose for how its files are read. */
export interface ParseOptions {
  /** Read text from images (scanned PDF pages, image files); absent when OCR is switched off. */
  ocr?: OcrOptions;
}

/** A file that cannot be processed, with the reason in words a user can act on. */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParseError";
  }
}

export function paragraphs(text: string, extra: Partial<Block> = {}): Block[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/[ \t]+\r?\n/g, "\n").trim())
    .filter(Boolean)
    .map((p) => ({ kind: "paragraph" as const, text: p, ...extra }));
}

/** A text file's content in whatever encoding it was saved; parsers put the encoding in the metadata. */
export function decodeDocumentText(bytes: Uint8Array): DecodedText {
  const decoded = decodeText(bytes);
  if (!decoded) throw new ParseError("The file is not text in any encoding we can read. Save it as UTF-8 text and upload it again.");
  return decoded;
}
