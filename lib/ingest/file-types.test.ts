import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import { makeCorruptPdf, makeDocx, makePdf, SAMPLE_SRT, SAMPLE_VTT } from "@/lib/testing/document-fixtures";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { detectKind } from "./file-types";

const text = (s: string) => new TextEncoder().encode(s);

describe("detectKind", () => {
  it("knows binary formats by their bytes, whatever the name", async () => {
    expect(await detectKind(await makePdf([["hello"]]), "report.txt")).toBe("pdf");
    expect(await detectKind(await makeDocx("Title", ["body"]), "notes.pdf")).toBe("docx");
    expect(await detectKind(makeCorruptPdf(), "broken.pdf")).toBe("pdf");
  });

  it("refuses executables and other binaries even when named like a document", async () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
    expect(await detectKind(exe, "invoice.pdf")).toBeNull();
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]);
    expect(await detectKind(gif, "scan.md")).toBeNull();
    expect(await detectKind(new Uint8Array([0xff, 0xfe, 0xfd, 0x80, 0x81]), "notes.txt")).toBeNull();
  });

  it("knows images (read by OCR) by their bytes, whatever the name", async () => {
    for (const [file, kind] of [
      ["sentence.png", "png"],
      ["sentence.jpg", "jpg"],
      ["sentence.tif", "tiff"],
      ["sentence.webp", "webp"],
    ] as const) {
      // The whole file, as uploads are checked (a TIFF may keep its directory at the end).
      expect(await detectKind(readRealFixture(`images/${file}`), "scan.md")).toBe(kind);
    }
  });

  it("recognises subtitles, HTML and JSON by their text", async () => {
    expect(await detectKind(text(SAMPLE_SRT), "episode.txt")).toBe("srt");
    expect(await detectKind(text(SAMPLE_VTT), "episode.srt")).toBe("vtt");
    expect(await detectKind(text("<!DOCTYPE html><html><body>x</body></html>"), "page.txt")).toBe("html");
    expect(await detectKind(text('{"a": 1}'), "data")).toBe("json");
  });

  it("uses the extension only among plain-text shapes", async () => {
    expect(await detectKind(text("a,b\n1,2\n"), "table.csv")).toBe("csv");
    expect(await detectKind(text("# Title\n\nText"), "readme.md")).toBe("md");
    expect(await detectKind(text("Just words."), "notes")).toBe("txt");
    expect(await detectKind(text("\uFEFFWith a byte order mark."), "bom.txt")).toBe("txt");
  });

  it("never refuses text for its encoding, and still refuses binaries that are not documents", async () => {
    const utf16 = (s: string) => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, "utf16le")]);
    // file-type takes the UTF-16 mark for MPEG audio.
    expect(await detectKind(utf16(SAMPLE_SRT), "episode.srt")).toBe("srt");
    expect(await detectKind(utf16("Plain words."), "notes.txt")).toBe("txt");
    expect(await detectKind(Buffer.from(SAMPLE_VTT, "utf16le").swap16(), "episode.vtt")).toBe("vtt");
    expect(await detectKind(Buffer.from("Caf\xe9 cr\xe8me, \x93quoted\x94", "latin1"), "menu.txt")).toBe("txt");
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from("not a document"), "notes.txt");
    zip.end();
    expect(await detectKind(new Uint8Array(await buffer(zip.outputStream)), "notes.docx")).toBeNull();
  });

  it("recognises an SRT whose first cue has no number", async () => {
    expect(await detectKind(text("00:00:01,000 --> 00:00:02,000\nHello\n"), "captions.txt")).toBe("srt");
  });
});
