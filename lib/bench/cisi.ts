import { readFile } from "node:fs/promises";
import path from "node:path";

/** The CISI test collection: documents, queries and binary relevance judgements. */
export interface TestCollection {
  documents: { id: string; title: string; text: string }[];
  queries: { id: string; text: string }[];
  /** Query id -> ids of its relevant documents. Only queries with at least one are listed. */
  relevant: Map<string, Set<string>>;
}

/** Splits SMART-format records (`.I id` then `.X` field markers) into their fields. */
export function parseSmartRecords(source: string): { id: string; fields: Record<string, string> }[] {
  const records: { id: string; fields: Record<string, string> }[] = [];
  let field: string | null = null;
  for (const line of source.split(/\r?\n/)) {
    const marker = /^\.([A-Z])(?:\s+(.*))?$/.exec(line);
    if (marker && marker[1] === "I") {
      records.push({ id: (marker[2] ?? "").trim(), fields: {} });
      field = null;
    } else if (marker) {
      field = marker[1]!;
      const rest = (marker[2] ?? "").trim();
      const record = records.at(-1);
      if (record) record.fields[field] = rest;
    } else if (field) {
      const record = records.at(-1)!;
      record.fields[field] = record.fields[field] ? `${record.fields[field]}\n${line}` : line;
    }
  }
  return records.map((r) => ({ id: r.id, fields: Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.trim()])) }));
}

/** Judgement lines: `query_id doc_id 0 0.0`; every listed pair is relevant. */
export function parseJudgements(source: string): Map<string, Set<string>> {
  const relevant = new Map<string, Set<string>>();
  for (const line of source.split(/\r?\n/)) {
    const [query, doc] = line.trim().split(/\s+/);
    if (!query || !doc) continue;
    relevant.set(query, (relevant.get(query) ?? new Set()).add(doc));
  }
  return relevant;
}

/** Reads `CISI.ALL`, `CISI.QRY` and `CISI.REL`; a document's text is its title and abstract (`.X` left out). */
export async function loadCisi(dir: string): Promise<TestCollection> {
  const [all, qry, rel] = await Promise.all(["CISI.ALL", "CISI.QRY", "CISI.REL"].map((f) => readFile(path.join(dir, f), "utf8")));
  const documents = parseSmartRecords(all!).map((r) => ({ id: r.id, title: r.fields.T ?? "", text: r.fields.W ?? "" }));
  const queries = parseSmartRecords(qry!).map((r) => ({ id: r.id, text: (r.fields.W ?? "").replace(/\s+/g, " ") }));
  return { documents, queries, relevant: parseJudgements(rel!) };
}
