import { imageSize } from "image-size";
import { OcrImageError, recognizeImage } from "../ocr/ocr-engine";
import { joinHyphenatedLineEnds } from "./hyphenation";
import { cleanExtractedText } from "./pdf-text";
import { ParseError, type Block, type ParsedDocument, type ParseOptions } from "./types";

/**
 * An image (PNG, JPEG, TIFF, WebP): its text read by OCR, one block per paragraph with the
 * engine's confidence. Refused, with what to do, when the workspace switched OCR off, when
 * reading takes longer than the budget, or when no text is found.
 */
export async function parseImage(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  const ocr = options.ocr;
  if (!ocr) throw new ParseError("This is an image, and reading text from images (OCR) is switched off for this workspace. Switch it on in the workspace settings, then process the file again.");
  assertReadableSize(bytes);
  let paragraphs;
  try {
    // An image is one page: it may use the whole OCR budget.
    paragraphs = await recognizeImage(bytes, { language: ocr.language, budgetMs: ocr.totalBudgetMs });
  } catch (error) {
    if (error instanceof OcrImageError) throw new ParseError("The image could not be read. Save it again as PNG or JPEG and upload that.");
    throw error;
  }
  if (!paragraphs) throw new ParseError(`Reading the text in this image took longer than ${Math.round(ocr.totalBudgetMs / 1000)} s, so it was stopped. Crop or scale the image down and upload it again.`);
  const cleaned = paragraphs.map((p) => ({ ...p, text: cleanExtractedText(p.text).trim() })).filter((p) => p.text);
  const texts = joinHyphenatedLineEnds(cleaned.map((p) => p.text));
  const blocks: Block[] = cleaned.map((p, i) => ({ kind: "paragraph", text: texts[i]!, ocrConfidence: p.confidence }));
  if (blocks.length === 0) throw new ParseError("OCR found no text in this image. If it shows text, upload a sharper or larger image.");
  return { blocks, metadata: { ocr: { language: ocr.language, pagesRead: 1, pagesLeftOut: [] } } };
}

/** Larger images are refused before decoding: a few KB of PNG can claim billions of pixels, and the OCR engine's memory is its own. */
export const MAX_IMAGE_MEGAPIXELS = 50;

function assertReadableSize(bytes: Uint8Array): void {
  let size;
  try {
    // Reads only the header's dimensions.
    size = imageSize(bytes);
  } catch {
    throw new ParseError("The image could not be read. Save it again as PNG or JPEG and upload that.");
  }
  const megapixels = (size.width * size.height) / 1_000_000;
  if (megapixels > MAX_IMAGE_MEGAPIXELS) {
    throw new ParseError(`The image is ${size.width} × ${size.height} pixels (${Math.round(megapixels)} megapixels); text is read from images up to ${MAX_IMAGE_MEGAPIXELS} megapixels. Scale it down and upload it again.`);
  }
}
