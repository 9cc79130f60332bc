import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import { chunkBlocks, type ChunkOptions, type TextChunk } from "./chunker";
import type { DocumentKind } from "./kinds";
import type { OcrOptions } from "./ocr/ocr-options";
import { parseDocument, ParseError } from "./parsers";

export interface ParseTaskInput {
  kind: DocumentKind;
  bytes: Uint8Array;
  chunking: ChunkOptions;
  /** Set with the offline embedder: its vectors are CPU work, so the thread makes them too. */
  offlineDimensions?: number;
  /** How to read text from images (scanned PDF pages, image files); absent when the workspace switched OCR off. */
  ocr?: OcrOptions;
  /** A file whose text makes more chunks is refused (MAX_CHUNKS_PER_DOCUMENT). */
  maxChunks: number;
}

/**
 * The most chunks one document may have: a 5,000-page PDF makes 10,000. Writing a chunk costs the
 * embedded engine 5–10 ms (its HNSW upkeep), so a 0.2 MB DOCX holding one 50 MB paragraph (35,000
 * chunks) would keep the queue busy for most of an hour; it is refused with what to do instead.
 */
export const MAX_CHUNKS_PER_DOCUMENT = 20_000;

export type ParseTaskOutput =
  | {
      ok: true;
      metadata: Record<string, unknown>;
      blockCount: number;
      pieces: TextChunk[];
      /**
       * With `offlineDimensions`: piece i's vector at [i * dimensions, (i + 1) * dimensions). Flat
       * float4s cross to the server thread as one copy; 10,000 arrays of numbers took it a second.
       */
      vectors?: Float32Array;
      ms: { parse: number; chunk: number; embed: number };
    }
  | { ok: false; message: string };

const since = (started: number) => Math.round(performance.now() - started);

/** Parses, chunks and (offline) embeds one file; runs on a pool thread. */
export async function parseTask(input: ParseTaskInput): Promise<ParseTaskOutput> {
  let started = performance.now();
  let parsed;
  try {
    parsed = await parseDocument(input.kind, input.bytes, { ocr: input.ocr });
  } catch (error) {
    // The class does not survive the thread boundary: a file's fault travels as data.
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
  const parse = since(started);
  started = performance.now();
  const pieces = chunkBlocks(parsed.blocks, input.chunking);
  if (pieces.length > input.maxChunks) {
    return { ok: false, message: `This file's text makes ${pieces.length.toLocaleString("en")} chunks; one document holds at most ${input.maxChunks.toLocaleString("en")}. Split it into smaller files and upload those.` };
  }
  const chunk = since(started);
  started = performance.now();
  const vectors = input.offlineDimensions ? flatten(await new HashingEmbedder(input.offlineDimensions).embed(pieces.map((p) => p.content)), input.offlineDimensions) : undefined;
  return { ok: true, metadata: parsed.metadata, blockCount: parsed.blocks.length, pieces, vectors, ms: { parse, chunk, embed: since(started) } };
}

function flatten(vectors: number[][], dimensions: number): Float32Array {
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => flat.set(vector, i * dimensions));
  return flat;
}
