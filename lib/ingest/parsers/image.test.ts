import { describe, expect, it } from "vitest";
import { ocrOptionsFor } from "../ocr/ocr-options";
import { parseImage } from "./image";

const ocr = ocrOptionsFor({ language: "eng", parseBudgetMs: 60_000 });

/** The 33 bytes of a PNG's signature and header, claiming the given size, and nothing else. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write("IHDR", 12, "ascii");
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 2, 0, 0, 0], 24);
  return new Uint8Array(bytes);
}

describe("parseImage", () => {
  it("refuses an image claiming more pixels than OCR may decode, before decoding it", async () => {
    await expect(parseImage(pngHeader(100_000, 100_000), { ocr })).rejects.toThrow(
      "The image is 100000 × 100000 pixels (10000 megapixels); text is read from images up to 50 megapixels. Scale it down and upload it again.",
    );
  });

  it("refuses bytes whose header is not an image's", async () => {
    await expect(parseImage(new TextEncoder().encode("not an image at all"), { ocr })).rejects.toThrow(/could not be read/);
  });
});
