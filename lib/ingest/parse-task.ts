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
}

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
