import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeZip, unzip } from "@/lib/tenant-export/zip-test-helpers";
import { chunkBlocks, DEFAULT_CHUNKING } from "../chunker";
import { parseDocument } from "./index";
import type { Block } from "./types";

// Made by LibreOffice from the sources beside them: lib/testing/fixtures/real/docx/MAKE.md.
const fixture = (name: string) => new Uint8Array(readFileSync(`lib/testing/fixtures/real/docx/${name}`));
const texts = (blocks: Block[]) => blocks.map((b) => [b.kind, b.text, b.part ?? b.level ?? null]);

// structure.html by hand, and the same page opened by LibreOffice and saved as .docx.
const STRUCTURE = [
  ["heading", "Pantry", 1],
  ["paragraph", "Text before", null],
  ["row", "Fruit | basket", null],
  ["row", "Apple | sauce", null],
  ["paragraph", "Between", null],
  ["paragraph", "Fruit", null],
  ["paragraph", "Apple", null],
  ["paragraph", "Pear", null],
  ["paragraph", "Conference", null],
  ["paragraph", "Bread", null],
  ["paragraph", "Text in a div", null],
  ["paragraph", "next div\nafter a break", null],
  ["paragraph", "Text after with bold, italic and a link.", null],
];
const LISTS = ["Shopping", "Fruit", "Apple", "Pear", "Conference", "Bread", "Done"].map((text) => ["paragraph", text, null]);

describe("HTML structure (#19)", () => {
  it("separates table cells and rows, a layout table's blocks, nested list items, divs and line breaks", async () => {
    const { blocks, metadata } = await parseDocument("html", fixture("structure.html"));
    expect(texts(blocks)).toEqual(STRUCTURE);
    expect(metadata.title).toBe("Structure");
    expect(blocks.map((b) => b.text).join(" ")).not.toMatch(/Applesauce|FruitApple|Text beforeFruit/);
  });

  it("reads LibreOffice's HTML export: a nested list item's own text is not glued to its children", async () => {
    expect(texts((await parseDocument("html", fixture("lists.html"))).blocks)).toEqual(LISTS);
  });

  it("a page nested 20,000 elements deep and a table of 5,000 rows parse without overflowing the stack", async () => {
    const deep = `<title>Deep</title>${"<div>".repeat(20_000)}deep text${"</div>".repeat(20_000)}`;
    const { blocks, metadata } = await parseDocument("html", new TextEncoder().encode(deep));
    expect([blocks.at(-1)?.text, metadata.title]).toEqual(["deep text", "Deep"]);
    const rows = Array.from({ length: 5_000 }, (_, i) => `<tr><td>r${i}</td><td>v${i}</td></tr>`).join("");
    expect((await parseDocument("html", new TextEncoder().encode(`<table>${rows}</table>`))).blocks.at(-1)?.text).toBe("r4999 | v4999");
  });
});

describe("Word structure (#19)", () => {
  it("a table between paragraphs: one block per row, and a layout table's paragraphs and rows stay apart", async () => {
    expect(texts((await parseDocument("docx", fixture("table.docx"))).blocks)).toEqual([
      ["heading", "Harvest", 1],
      ["paragraph", "Text before", null],
      ["row", "Fruit | basket", null],
      ["row", "Apple | sauce jar", null],
      ["paragraph", "Between", null],
      ["paragraph", "Inside a layout cell", null],
      ["row", "Pear | tart", null],
      ["paragraph", "Still inside", null],
      ["paragraph", "Text after", null],
    ]);
  });

  it("the HTML page saved as .docx reads as the page does", async () => {
    expect(texts((await parseDocument("docx", fixture("structure.docx"))).blocks)).toEqual(STRUCTURE);
  });

  it("nested lists: every item its own block", async () => {
    expect(texts((await parseDocument("docx", fixture("lists.docx"))).blocks)).toEqual(LISTS);
  });

  it("headers and footers after the body, each text once though two sections repeat it", async () => {
    expect(texts((await parseDocument("docx", fixture("header-footer.docx"))).blocks)).toEqual([
      ["paragraph", "Body on the first page", null],
      ["paragraph", "Body on the second page", null],
      ["paragraph", "Quarterly report header", "header"],
      ["paragraph", "Confidential footer", "footer"],
      ["paragraph", "Appendix footer", "footer"],
    ]);
  });

  it("footnotes and endnotes, without their reference marks in the body", async () => {
    expect(texts((await parseDocument("docx", fixture("notes.docx"))).blocks)).toEqual([
      ["paragraph", "Claim with a footnote and an endnote here.", null],
      ["paragraph", "Footnote source text", "footnote"],
      ["paragraph", "Endnote remark text", "endnote"],
    ]);
  });

  it("comments", async () => {
    expect(texts((await parseDocument("docx", fixture("comment.docx"))).blocks)).toEqual([
      ["paragraph", "Reviewed sentence.", null],
      ["paragraph", "Check this figure", "comment"],
    ]);
  });

  it("a text box once, as its own part, not in the body's flow", async () => {
    expect(texts((await parseDocument("docx", fixture("textbox.docx"))).blocks)).toEqual([
      ["paragraph", "Anchor paragraph", null],
      ["paragraph", "Following paragraph", null],
      ["paragraph", "Boxed callout text", "textbox"],
    ]);
  });

  it("a header too deeply nested to walk, or not XML at all, is left out and the rest still read", async () => {
    const parts = await unzip(Buffer.from(fixture("header-footer.docx")));
    const deep = `<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${"<w:sdt><w:sdtContent>".repeat(20_000)}<w:p><w:r><w:t>Deep</w:t></w:r></w:p>${"</w:sdtContent></w:sdt>".repeat(20_000)}</w:hdr>`;
    const docx = await makeZip({ ...Object.fromEntries(parts), "word/header1.xml": deep, "word/header2.xml": "<w:hdr" });
    expect(texts((await parseDocument("docx", docx)).blocks)).toEqual([
      ["paragraph", "Body on the first page", null],
      ["paragraph", "Body on the second page", null],
      ["paragraph", "Confidential footer", "footer"],
      ["paragraph", "Appendix footer", "footer"],
    ]);
  });

  it("chunks never mix the body with a header or footer, and say which part they hold", async () => {
    const chunks = chunkBlocks((await parseDocument("docx", fixture("header-footer.docx"))).blocks, DEFAULT_CHUNKING);
    expect(chunks.map((c) => [c.metadata.part ?? null, c.content])).toEqual([
      [null, "Body on the first page\n\nBody on the second page"],
      ["header", "Quarterly report header"],
      ["footer", "Confidential footer\n\nAppendix footer"],
    ]);
  });
});
