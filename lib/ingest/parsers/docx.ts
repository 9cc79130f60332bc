import mammoth from "mammoth";
import { assertDocxWithinLimits } from "../docx-limits";
import { parseHtml } from "./html";
import { ParseError, type ParsedDocument } from "./types";

/** Word documents through mammoth's HTML, so headings and lists keep their structure. */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  await assertDocxWithinLimits(bytes);
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch {
    throw new ParseError("The Word document is damaged or not a .docx file. Save it again as .docx and upload it.");
  }
  const parsed = parseHtml(new TextEncoder().encode(`<body>${html}</body>`));
  return { blocks: parsed.blocks, metadata: {} };
}
