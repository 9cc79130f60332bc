import { decodeUtf8, paragraphs, type ParsedDocument } from "./types";

export function parseText(bytes: Uint8Array): ParsedDocument {
  return { blocks: paragraphs(decodeUtf8(bytes)), metadata: {} };
}
