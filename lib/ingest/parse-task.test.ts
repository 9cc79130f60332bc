import { describe, expect, it } from "vitest";
import { DEFAULT_CHUNKING } from "./chunker";
import { parseTask } from "./parse-task";

const text = (paragraphs: number) => new TextEncoder().encode(Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i}: ${"the ledger was reconciled again ".repeat(60)}`).join("\n\n"));

describe("the parse task", () => {
  it("refuses a file whose text makes more chunks than one document holds, saying how many and what to do", async () => {
    const outcome = await parseTask({ kind: "txt", bytes: text(12), chunking: DEFAULT_CHUNKING, maxChunks: 5 });
    expect(outcome).toEqual({ ok: false, message: "This file's text makes 12 chunks; one document holds at most 5. Split it into smaller files and upload those." });
  });

  it("chunks and embeds a file at the limit, one float4 vector per chunk in one flat array", async () => {
    const outcome = await parseTask({ kind: "txt", bytes: text(5), chunking: DEFAULT_CHUNKING, maxChunks: 5, offlineDimensions: 384 });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.pieces).toHaveLength(5);
    expect(outcome.vectors).toBeInstanceOf(Float32Array);
    expect(outcome.vectors).toHaveLength(5 * 384);
  });
});
