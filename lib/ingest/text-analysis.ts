import { PGlite } from "@electric-sql/pglite";

/**
 * PostgreSQL's own text analysis (to_tsvector) in a private, in-memory PGlite on the text analysis
 * thread (lib/workers/pool.ts). The embedded database runs one statement at a time for every
 * tenant; the row trigger's to_tsvector cost it ~0.5 ms a chunk of an upload's write. The same
 * PostgreSQL build with the same dictionaries gives the same tsvector, which the insert brings along
 * (migration 0024); `text-analysis.test.ts` compares the two. One thread holds one PGlite (~0.5 GB,
 * ~2 s to start), shared by every upload.
 */
let engine: Promise<PGlite> | undefined;

/** Texts per statement: one array parameter, a few MB at most. */
const TEXTS_PER_QUERY = 500;

function analyser(): Promise<PGlite> {
  engine ??= PGlite.create().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

/**
 * A text's analysis: its tsvector in PostgreSQL's binary form (tsvectorsend; the engine reads it
 * without parsing the text form), and its words counted as migration 0014's tsvector_word_count does.
 */
export interface AnalysedText {
  tsv: Uint8Array;
  lexemeCount: number;
}

/** to_tsvector(config, text) of each text, and its word count. */
export async function analyseTexts(config: string, texts: string[]): Promise<AnalysedText[]> {
  const db = await analyser();
  const out: AnalysedText[] = [];
  for (let i = 0; i < texts.length; i += TEXTS_PER_QUERY) {
    // The texts go as one JSON array and the tsvectors come back as hex: PGlite's own array and
    // bytea conversions, character by character in JavaScript, took longer than the analysis.
    const { rows } = await db.query<{ tsv: string }>(
      `select encode(tsvectorsend(to_tsvector($1::regconfig, t)), 'hex') as tsv from jsonb_array_elements_text($2::jsonb) with ordinality u(t, n) order by n`,
      [config, JSON.stringify(texts.slice(i, i + TEXTS_PER_QUERY))],
    );
    for (const row of rows) {
      const tsv = Buffer.from(row.tsv, "hex");
      out.push({ tsv, lexemeCount: wordCount(tsv) });
    }
  }
  return out;
}

/**
 * tsvector_word_count (migration 0014) of a tsvector in tsvectorsend's form: int32 lexemes, then
 * each lexeme as text, a NUL, int16 positions and the positions (int16 each); a lexeme without
 * positions counts once. Counted here: in the analysis statement it cost 15% of the analysis.
 */
export function wordCount(tsv: Uint8Array): number {
  const view = new DataView(tsv.buffer, tsv.byteOffset, tsv.byteLength);
  const lexemes = view.getInt32(0);
  let at = 4;
  let words = 0;
  for (let i = 0; i < lexemes; i++) {
    at = tsv.indexOf(0, at) + 1;
    const positions = view.getUint16(at);
    words += Math.max(positions, 1);
    at += 2 + 2 * positions;
  }
  return words;
}

export interface AnalyseTextInput {
  /** A text search configuration's name ('english', 'simple' ...). */
  config: string;
  texts: string[];
}

export function analyseTextTask({ config, texts }: AnalyseTextInput): Promise<AnalysedText[]> {
  return analyseTexts(config, texts);
}
