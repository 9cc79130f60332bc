import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument } from "@/lib/ingest/parsers";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { stopOcrEngine } from "./ocr-engine";
import { installedOcrLanguages } from "./ocr-languages";
import { ocrOptionsFor } from "./ocr-options";

// Fixtures: LibreOffice text rendered by pdftoppm, noised and turned by ImageMagick (MAKE.md).
const ocr = ocrOptionsFor({ language: "eng", parseBudgetMs: 120_000 });
const SCANNED = "Invoice 2231 was paid in full on the third of March.\nThe harbour office keeps the signed copy.";
const SENTENCE = "The lighthouse keeper counts seven ships at dawn.";
// Recognition takes a second or two per page on a slow core, the engine half a second to start.
const SLOW = 120_000;

/** Whether this machine can run a command without a network (`unshare -n`, as root). */
const canCutNetwork = spawnSync("unshare", ["-n", "true"]).status === 0;

describe("offline OCR (#19)", () => {
  afterAll(() => stopOcrEngine());

  it("lists the installed languages from their data packages", () => {
    expect(installedOcrLanguages()).toContainEqual({ code: "eng", name: "English" });
  });

  it(
    "reads a scanned (image-only) PDF page, with the confidence on its blocks and in chunk metadata",
    async () => {
      const { blocks, metadata } = await parseDocument("pdf", readRealFixture("pdf/scan.pdf"), { ocr });
      expect(blocks.map((b) => b.text)).toEqual([SCANNED]);
      expect(blocks[0]!.page).toBe(1);
      expect(blocks[0]!.ocrConfidence).toBeGreaterThan(80);
      expect(metadata.ocr).toEqual({ language: "eng", pagesRead: 1, pagesLeftOut: [] });
    },
    SLOW,
  );

  it(
    "reads the same sentence from PNG, JPEG, TIFF and WebP files",
    async () => {
      for (const [kind, file] of [
        ["png", "sentence.png"],
        ["jpg", "sentence.jpg"],
        ["tiff", "sentence.tif"],
        ["webp", "sentence.webp"],
      ] as const) {
        const { blocks } = await parseDocument(kind, readRealFixture(`images/${file}`), { ocr });
        expect(blocks.map((b) => b.text), file).toEqual([SENTENCE]);
        expect(blocks[0]!.ocrConfidence, file).toBeGreaterThan(80);
      }
    },
    SLOW,
  );

  it("leaves pages over the page cap out and says so", async () => {
    // With a cap of 0 no page is read: the scan fails, naming the cap.
    await expect(parseDocument("pdf", readRealFixture("pdf/scan.pdf"), { ocr: { ...ocr, maxPages: 0 } })).rejects.toThrow(/no text layer.*at most 0 pages/);
  });

  it("with OCR switched off, a scan keeps the 'no text layer' answer and an image is refused with what to do", async () => {
    await expect(parseDocument("pdf", readRealFixture("pdf/scan.pdf"))).rejects.toThrow(/no text layer.*switch on reading text from images/);
    await expect(parseDocument("png", readRealFixture("images/sentence.png"))).rejects.toThrow(/switched off for this workspace/);
  });

  it.runIf(canCutNetwork)(
    "needs no network: a PNG is read in a process that has none",
    () => {
      const script = `
        const { parseImage } = require("./lib/ingest/parsers/image.ts");
        const { readRealFixture } = require("./lib/testing/real-fixtures.ts");
        const { ocrOptionsFor } = require("./lib/ingest/ocr/ocr-options.ts");
        const { stopOcrEngine } = require("./lib/ingest/ocr/ocr-engine.ts");
        parseImage(readRealFixture("images/sentence.png"), { ocr: ocrOptionsFor({ language: "eng", parseBudgetMs: 60000 }) })
          .then((parsed) => console.log(parsed.blocks.map((b) => b.text).join("\\n")))
          .finally(stopOcrEngine);`;
      const out = execFileSync("unshare", ["-n", "node", "--require", "tsx/cjs", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: SLOW });
      expect(out.trim()).toBe(SENTENCE);
    },
    SLOW,
  );
});
