import Papa from "papaparse";
import { decodeDocumentText, ParseError, type ParsedDocument } from "./types";

/** One block per row, as "column: value" pairs, so each row is searchable with its headers. */
export function parseCsv(bytes: Uint8Array): ParsedDocument {
  const { text, encoding } = decodeDocumentText(bytes);
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy" });
  const fatal = result.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new ParseError(`The CSV file is malformed near row ${fatal.row ?? "?"}: ${fatal.message}.`);
  const columns = result.meta.fields ?? [];
  const blocks = result.data.map((row, i) => ({
    kind: "row" as const,
    text: columns
      .map((c) => [c, (row[c] ?? "").trim()] as const)
      .filter(([, v]) => v)
      .map(([c, v]) => `${c}: ${v}`)
      .join("; "),
    cue: i + 1,
  }));
  return { blocks: blocks.filter((b) => b.text), metadata: { columns, rows: result.data.length, encoding } };
}
