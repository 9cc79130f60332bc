import type { DocumentKind } from "../kinds";
import { parseCsv } from "./csv";
import { parseDocx } from "./docx";
import { parseHtml } from "./html";
import { parseImage } from "./image";
import { parseJson } from "./json";
import { parseMarkdown } from "./markdown";
import { parsePdf } from "./pdf";
import { parseSrt } from "./srt";
import { parseText } from "./text";
import { parseVtt } from "./vtt";
import { ParseError, type ParsedDocument, type ParseOptions } from "./types";

const PARSERS: Record<DocumentKind, (bytes: Uint8Array, options: ParseOptions) => ParsedDocument | Promise<ParsedDocument>> = {
  txt: parseText,
  md: parseMarkdown,
  html: parseHtml,
  pdf: parsePdf,
  docx: parseDocx,
  csv: parseCsv,
  json: parseJson,
  srt: parseSrt,
  vtt: parseVtt,
  png: parseImage,
  jpg: parseImage,
  tiff: parseImage,
  webp: parseImage,
};

/** Parses a file of a known kind; a file with no text at all is refused rather than stored empty. */
export async function parseDocument(kind: DocumentKind, bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  if (bytes.length === 0) throw new ParseError("The file is empty.");
  const parsed = await PARSERS[kind](bytes, options);
  if (parsed.blocks.length === 0) throw new ParseError("The file contains no text to index.");
  return parsed;
}

export { ParseError };
export type { Block, ParsedDocument, ParseOptions } from "./types";
