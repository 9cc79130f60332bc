import { describe, expect, it } from "vitest";
import { chunkBlocks, countTokens } from "./chunker";
import type { Block } from "./parsers";

const para = (text: string, extra: Partial<Block> = {}): Block => ({ kind: "paragraph", text, ...extra });
const words = (n: number, word = "alpha") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");

describe("chunkBlocks", () => {
  it("keeps a short document in one chunk with offsets into the joined text", () => {
    const chunks = chunkBlocks([para("First."), para("Second.")], { chunkSize: 100, overlap: 10 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ ordinal: 0, content: "First.\n\nSecond.", metadata: { startOffset: 0, endOffset: 15 } });
    expect(chunks[0]!.tokenCount).toBe(countTokens("First.\n\nSecond."));
  });

  it("packs whole paragraphs up to the size and repeats the tail for overlap", () => {
    const blocks = Array.from({ length: 10 }, (_, i) => para(`${words(6, `p${i}w`)}.`));
    const chunks = chunkBlocks(blocks, { chunkSize: 120, overlap: 60 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(120 + 2);
    // Every paragraph appears, and consecutive chunks share at least one paragraph.
    for (let i = 0; i < 10; i++) expect(chunks.some((c) => c.content.includes(`p${i}w0 `))).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const [firstParagraph] = chunks[i]!.content.split("\n\n");
      expect(chunks[i - 1]!.content.endsWith(firstParagraph!) || chunks[i - 1]!.content.includes(`${firstParagraph}\n\n`)).toBe(true);
      expect(chunks[i]!.content.split("\n\n").length).toBeGreaterThan(2);
    }
  });

  it("splits an oversized paragraph at sentences, then at token windows", () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence ${i} ${words(15)}.`).join(" ");
    const chunks = chunkBlocks([para(sentences), para(words(500, "long"))], { chunkSize: 80, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(6);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(82);
    expect(chunks.map((c) => c.content).join(" ")).toContain("long499");
  });

  it("never mixes pages, and records each chunk's page", () => {
    const chunks = chunkBlocks([para("one", { page: 1 }), para("two", { page: 1 }), para("three", { page: 2 })], { chunkSize: 100, overlap: 20 });
    expect(chunks.map((c) => [c.metadata.page, c.content])).toEqual([
      [1, "one\n\ntwo"],
      [2, "three"],
    ]);
  });

  it("never mixes a Word document's body with its header or notes, and records the part", () => {
    const blocks: Block[] = [{ kind: "heading", text: "Intro", level: 1 }, para("Body."), para("Head.", { part: "header" }), para("Note one.", { part: "footnote" }), para("Note two.", { part: "footnote" })];
    const chunks = chunkBlocks(blocks, { chunkSize: 100, overlap: 20 });
    expect(chunks.map((c) => [c.metadata.part, c.metadata.heading, c.content])).toEqual([
      [undefined, "Intro", "Intro\n\nBody."],
      ["header", undefined, "Head."],
      ["footnote", undefined, "Note one.\n\nNote two."],
    ]);
  });

  it("starts a new section at a heading once the chunk is half full, and names the section", () => {
    const blocks: Block[] = [
      { kind: "heading", text: "Intro", level: 1 },
      para(words(40)),
      { kind: "heading", text: "Setup", level: 2 },
      para("Install it."),
    ];
    const chunks = chunkBlocks(blocks, { chunkSize: 100, overlap: 0 });
    expect(chunks.map((c) => c.metadata.heading)).toEqual(["Intro", "Setup"]);
    expect(chunks[1]!.content).toBe("Setup\n\nInstall it.");
  });

  it("keeps the cue range and timing of subtitle chunks", () => {
    const cues = Array.from({ length: 6 }, (_, i): Block => ({ kind: "cue", text: `Cue ${i + 1} ${words(8)}`, cue: i + 1, startMs: i * 1000, endMs: i * 1000 + 900 }));
    const chunks = chunkBlocks(cues, { chunkSize: 60, overlap: 0 });
    expect(chunks[0]!.metadata).toMatchObject({ cue: 1, startMs: 0 });
    const last = chunks[chunks.length - 1]!;
    expect(last.metadata.cueEnd ?? last.metadata.cue).toBe(6);
    expect(last.metadata.endMs).toBe(5900);
  });

  it("counts special-token text as plain text instead of failing", () => {
    expect(chunkBlocks([para("a <|endoftext|> b")], { chunkSize: 50, overlap: 5 })[0]!.content).toBe("a <|endoftext|> b");
  });
});
