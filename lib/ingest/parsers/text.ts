import { decodeDocumentText, paragraphs, type ParsedDocument } from "./types";

export function parseText(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  return { blocks: paragraphs(text), metadata: { encoding } };
}
