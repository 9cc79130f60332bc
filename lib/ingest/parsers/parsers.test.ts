import { describe, expect, it } from "vitest";
import { makeCorruptPdf, makeDocx, makeImageOnlyPdf, makePdf, SAMPLE_SRT, SAMPLE_VTT } from "@/lib/testing/document-fixtures";
import { parseDocument, ParseError } from "./index";

const text = (s: string) => new TextEncoder().encode(s);

describe("parsers", () => {
  it("txt: paragraphs split on blank lines", async () => {
    const { blocks } = await parseDocument("txt", text("First para\nstill first.\n\n\nSecond para."));
    expect(blocks.map((b) => b.text)).toEqual(["First para\nstill first.", "Second para."]);
  });

  it("md: headings as their own blocks, code fences left alone", async () => {
    const { blocks } = await parseDocument("md", text("# Guide\n\nIntro.\n\n## Setup\n\n```\n# not a heading\n```\n"));
    expect(blocks.map((b) => [b.kind, b.text, b.level])).toEqual([
      ["heading", "Guide", 1],
      ["paragraph", "Intro.", undefined],
      ["heading", "Setup", 2],
      ["paragraph", "```\n# not a heading\n```", undefined],
    ]);
  });

  it("html: headings and block text without scripts or styles", async () => {
    const html = "<html><head><title>T</title><style>p{}</style></head><body><h2>News</h2><p>One <b>bold</b> line.</p><script>alert(1)</script><ul><li>Item</li></ul></body></html>";
    const { blocks, metadata } = await parseDocument("html", text(html));
    expect(blocks.map((b) => b.text)).toEqual(["News", "One bold line.", "Item"]);
    expect(metadata.title).toBe("T");
  });

  it("pdf: text per page", async () => {
    const pdf = await makePdf([["Quarterly review", "Latency fell."], ["Second page text."]]);
    const { blocks, metadata } = await parseDocument("pdf", pdf);
    expect(metadata.pages).toBe(2);
    expect(blocks.find((b) => b.page === 1)?.text).toMatch(/Quarterly review/);
    expect(blocks.find((b) => b.page === 2)?.text).toMatch(/Second page text/);
  });

  it("pdf: corrupt and image-only files fail with a reason", async () => {
    await expect(parseDocument("pdf", makeCorruptPdf())).rejects.toThrow(/damaged or not a PDF/);
    await expect(parseDocument("pdf", await makeImageOnlyPdf())).rejects.toThrow(/no text layer/);
  });

  it("docx: heading and paragraphs; a damaged one fails", async () => {
    const { blocks } = await parseDocument("docx", await makeDocx("Handbook", ["Core hours are 10 to 16.", "On-call starts in week six."]));
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["heading", "Handbook"],
      ["paragraph", "Core hours are 10 to 16."],
      ["paragraph", "On-call starts in week six."],
    ]);
    await expect(parseDocument("docx", text("PK\u0003\u0004 not really a zip"))).rejects.toBeInstanceOf(ParseError);
  });

  it("csv: one row per block with its headers", async () => {
    const { blocks, metadata } = await parseDocument("csv", text('name,city\nAda,"London, UK"\nBo,\n'));
    expect(blocks.map((b) => b.text)).toEqual(["name: Ada; city: London, UK", "name: Bo"]);
    expect(metadata.columns).toEqual(["name", "city"]);
  });

  it("json: path-value lines per item; invalid and too deep JSON fail", async () => {
    const { blocks } = await parseDocument("json", text('[{"q":"reset password","a":{"steps":["open","click"]}}]'));
    expect(blocks[0]!.text).toBe("[0].q: reset password\n[0].a.steps[0]: open\n[0].a.steps[1]: click");
    await expect(parseDocument("json", text("{broken"))).rejects.toThrow(/not valid/);
    await expect(parseDocument("json", text("[".repeat(100) + "1" + "]".repeat(100)))).rejects.toThrow(/nested deeper/);
  });

  it("srt and vtt: one block per cue with number and timing, tags removed", async () => {
    const srt = await parseDocument("srt", text(SAMPLE_SRT));
    expect(srt.blocks.map((b) => [b.cue, b.startMs, b.endMs, b.text])).toEqual([
      [1, 1000, 4000, "Welcome to the evening briefing."],
      [2, 4500, 8000, "Our guest is the governor of Imo State."],
      [3, 8500, 11000, "We discuss the road projects."],
    ]);
    const vtt = await parseDocument("vtt", text(SAMPLE_VTT));
    expect(vtt.blocks.map((b) => b.text)).toEqual(["First cue of the programme.", "Second cue, with a name."]);
  });

  it("empty files and files without text are refused", async () => {
    await expect(parseDocument("txt", new Uint8Array())).rejects.toThrow(/empty/);
    await expect(parseDocument("md", text("\n\n   \n"))).rejects.toThrow(/no text/);
    await expect(parseDocument("txt", new Uint8Array([0xff, 0xfe, 0xfd, 0x80, 0x81]))).rejects.toThrow(/not text in any encoding/);
  });
});
