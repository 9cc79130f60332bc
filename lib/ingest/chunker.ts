import { decode, encode as encodeWithSpecials } from "gpt-tokenizer";
import type { ChunkMetadata } from "@/db/schema";
import type { Block } from "./parsers";

export interface ChunkOptions {
  /** Target size of a chunk, in tokens. */
  chunkSize: number;
  /** Tokens repeated from the end of one chunk at the start of the next. */
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { chunkSize: 400, overlap: 60 };

export interface TextChunk {
  ordinal: number;
  content: string;
  tokenCount: number;
  metadata: ChunkMetadata;
}

interface Piece {
  text: string;
  tokens: number;
  block: Block;
  start: number;
  end: number;
  heading?: string;
}

const SEPARATOR = "\n\n";
const SEPARATOR_TOKENS = 1;

// User text may contain "<|endoftext|>" and the like: count it as text, never as a control token.
const encode = (text: string) => encodeWithSpecials(text, { disallowedSpecial: new Set() });

export function countTokens(text: string): number {
  return encode(text).length;
}

/** Splits an oversized block at sentence ends, and a still oversized sentence at token windows. */
function splitBlock(block: Block, start: number, maxTokens: number): Piece[] {
  const tokens = countTokens(block.text);
  if (tokens <= maxTokens) return [{ text: block.text, tokens, block, start, end: start + block.text.length }];
  const pieces: Piece[] = [];
  let cursor = 0;
  for (const sentence of block.text.split(/(?<=[.!?])\s+/)) {
    const at = block.text.indexOf(sentence, cursor);
    cursor = at + sentence.length;
    const ids = encode(sentence);
    for (let i = 0; i < ids.length; i += maxTokens) {
      const text = ids.length <= maxTokens ? sentence : decode(ids.slice(i, i + maxTokens));
      const offset = ids.length <= maxTokens ? at : Math.max(at, block.text.indexOf(text.trimStart().slice(0, 20), at));
      pieces.push({ text, tokens: Math.min(maxTokens, ids.length - i), block, start: start + offset, end: start + offset + text.length });
    }
  }
  return pieces;
}

function metadataOf(pieces: Piece[]): ChunkMetadata {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const metadata: ChunkMetadata = { startOffset: first.start, endOffset: last.end };
  if (first.block.page !== undefined) metadata.page = first.block.page;
  if (last.block.page !== undefined && last.block.page !== first.block.page) metadata.pageEnd = last.block.page;
  if (first.block.cue !== undefined) metadata.cue = first.block.cue;
  if (last.block.cue !== undefined && last.block.cue !== first.block.cue) metadata.cueEnd = last.block.cue;
  if (first.block.startMs !== undefined) metadata.startMs = first.block.startMs;
  if (last.block.endMs !== undefined) metadata.endMs = last.block.endMs;
  const heading = first.heading ?? last.heading;
  if (heading) metadata.heading = heading;
  if (first.block.part) metadata.part = first.block.part;
  const confidences = pieces.flatMap((p) => (p.block.ocrConfidence === undefined ? [] : [p.block.ocrConfidence]));
  if (confidences.length > 0) metadata.ocrConfidence = Math.min(...confidences);
  const formFields = [...new Set(pieces.flatMap((p) => (p.block.formField ? [p.block.formField] : [])))];
  if (formFields.length > 0) metadata.formFields = formFields;
  return metadata;
}

/**
 * Packs a document's blocks into chunks of about `chunkSize` tokens along its structure: whole
 * paragraphs, cues and rows where they fit, never across a page or a part (a Word document's header
 * or footnotes are not its body), a new section starting a new chunk once the current one is half
 * full, and `overlap` tokens carried over between neighbours.
 * Offsets refer to the blocks joined with blank lines.
 */
export function chunkBlocks(blocks: Block[], { chunkSize, overlap }: ChunkOptions): TextChunk[] {
  const pieces: Piece[] = [];
  let offset = 0;
  let heading: string | undefined;
  let part: Block["part"];
  for (const block of blocks) {
    // A header or a footnote does not sit under the body's last heading.
    if (block.part !== part) [part, heading] = [block.part, undefined];
    if (block.kind === "heading") heading = block.text;
    for (const piece of splitBlock(block, offset, chunkSize)) pieces.push({ ...piece, heading });
    offset += block.text.length + SEPARATOR.length;
  }

  const chunks: TextChunk[] = [];
  let current: Piece[] = [];
  let fresh = 0;
  const samePlace = (a: Block, b: Block) => a.page === b.page && a.part === b.part;
  const size = (list: Piece[]) => list.reduce((sum, p, i) => sum + p.tokens + (i > 0 ? SEPARATOR_TOKENS : 0), 0);
  const emit = () => {
    const content = current.map((p) => p.text).join(SEPARATOR);
    chunks.push({ ordinal: chunks.length, content, tokenCount: countTokens(content), metadata: metadataOf(current) });
    // Carry the tail over: whole trailing pieces that fit, else the last tokens of the last piece.
    let carried: Piece[] = [];
    for (let i = current.length - 1; i >= 0 && size([current[i]!, ...carried]) <= overlap; i--) carried = [current[i]!, ...carried];
    if (carried.length === 0 && overlap > 0) {
      const last = current[current.length - 1]!;
      const text = decode(encode(last.text).slice(-overlap)).trimStart();
      carried = [{ ...last, text, tokens: countTokens(text), start: last.end - text.length }];
    }
    current = carried;
    fresh = 0;
  };

  for (const piece of pieces) {
    const moved = current.length > 0 && !samePlace(current[current.length - 1]!.block, piece.block);
    const newSection = piece.block.kind === "heading" && size(current) > chunkSize / 2;
    if (fresh > 0 && (size([...current, piece]) > chunkSize || moved || newSection)) emit();
    // Carried-over text never crosses a page or a part (a chunk holds one) and gives way to new text.
    if (moved) current = [];
    while (current.length > 0 && size([...current, piece]) > chunkSize) current.shift();
    current.push(piece);
    fresh++;
  }
  if (fresh > 0) emit();
  return chunks;
}
