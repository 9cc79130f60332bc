import iconv from "iconv-lite";
import { parseDocument } from "@/lib/ingest/parsers";
import type { DocumentKind } from "@/lib/ingest/kinds";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { generateCorpus } from "./corpus";
import { measure, round } from "./measure";

const ROUNDS = 5;

/** A generated subtitle or text of about `bytes`, in plain ASCII-and-Latin-1 words so every encoding holds it. */
function latinText(kind: "txt" | "srt", bytes: number): string {
  const words = generateCorpus({ targetBytes: bytes, fileBytes: bytes })
    .filter((f) => f.kind === "txt" || f.kind === "md")
    .map((f) => f.text)
    .join("\n\n")
    .replace(/[^\x20-\x7e\n]/g, " ");
  if (kind === "txt") return `Café, naïve, Zoë.\n\n${words}`.slice(0, bytes);
  const lines = words.split(/\n+/).filter(Boolean);
  const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 23).replace(".", ",");
  return lines.map((line, i) => `${i + 1}\n${stamp(i * 2000)} --> ${stamp(i * 2000 + 1500)}\n${line.slice(0, 80)}\n`).join("\n");
}

/** An HTML page of one table, `rows` rows of three cells: the structure walk's worst common case. */
function tableHtml(rows: number): string {
  const body = Array.from({ length: rows }, (_, i) => `<tr><td>Fruit ${i}</td><td>basket ${i}</td><td><b>Apple</b>sauce ${i}</td></tr>`).join("");
  return `<!doctype html><html><head><title>Stock</title></head><body><h1>Stock</h1><table>${body}</table></body></html>`;
}

/**
 * What reading real-world files costs, per format: text in legacy and UTF-16 encodings (detection
 * and decoding) against the same text in UTF-8, a large HTML table (the structure walk), and the
 * committed LibreOffice Word documents (headers, footers, notes, comments, text boxes).
 */
export async function benchFormats() {
  const rows: { step: string; megabytes: number; mbPerS: number; msPerFile: number }[] = [];
  const time = async (step: string, kind: DocumentKind, bytes: Uint8Array) => {
    // Once untimed: the first call of a parser pays for compiling it.
    await parseDocument(kind, bytes);
    const { seconds } = await measure(async () => {
      for (let i = 0; i < ROUNDS; i++) await parseDocument(kind, bytes);
    });
    rows.push({ step, megabytes: round(bytes.length / 1024 / 1024, 2), mbPerS: round((bytes.length * ROUNDS) / 1024 / 1024 / seconds, 2), msPerFile: round((seconds * 1000) / ROUNDS, 1) });
  };
  const text = latinText("txt", 4 * 1024 * 1024);
  await time("text, UTF-8", "txt", new Uint8Array(Buffer.from(text, "utf8")));
  await time("text, windows-1252 (chardet + iconv-lite)", "txt", new Uint8Array(iconv.encode(text, "windows-1252")));
  await time("text, UTF-16LE with BOM", "txt", new Uint8Array(iconv.encode(text, "utf-16le", { addBOM: true })));
  const srt = latinText("srt", 2 * 1024 * 1024);
  await time("SRT, UTF-8", "srt", new Uint8Array(Buffer.from(srt, "utf8")));
  await time("SRT, UTF-16LE with BOM", "srt", new Uint8Array(iconv.encode(srt, "utf-16le", { addBOM: true })));
  await time("HTML, one table of 20,000 rows", "html", new Uint8Array(Buffer.from(tableHtml(20_000))));
  for (const name of ["notes", "header-footer", "textbox", "table"]) await time(`DOCX, LibreOffice ${name}.docx`, "docx", readRealFixture(`docx/${name}.docx`));
  console.table(rows);
  return rows;
}
