import { decodeDocumentText, ParseError, type Block, type ParsedDocument } from "./types";

const MAX_DEPTH = 64;

function flatten(value: unknown, path: string, lines: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new ParseError(`The JSON is nested deeper than ${MAX_DEPTH} levels.`);
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, lines, depth + 1));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, lines, depth + 1);
  } else if (value !== null && value !== "") lines.push(`${path || "value"}: ${String(value)}`);
}

/** Each top-level item (or the whole object) becomes a block of "path: value" lines. */
export function parseJson(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParseError(`The JSON is not valid: ${(error as Error).message}. Fix it and upload it again.`);
  }
  const items: [string, unknown][] = Array.isArray(data) ? data.map((v, i) => [`[${i}]`, v]) : [["", data]];
  const blocks: Block[] = [];
  for (const [path, value] of items) {
    const lines: string[] = [];
    flatten(value, path, lines, 0);
    if (lines.length) blocks.push({ kind: "paragraph", text: lines.join("\n") });
  }
  return { blocks, metadata: Array.isArray(data) ? { items: data.length, encoding } : { encoding } };
}
