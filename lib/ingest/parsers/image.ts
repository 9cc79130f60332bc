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
  let paragraphs;
  try {
    // An image is one page: it may use the whole OCR budget.
    paragraphs = await recognizeImage(bytes, { language: ocr.language, budgetMs: ocr.totalBudgetMs });
  } catch (error) {
    if (error instanceof OcrImageError) throw new ParseError("The image could not be read. Save it again as PNG or JPEG (under about 50 megapixels) and upload that.");
    throw error;
  }
  if (!paragraphs) throw new ParseError(`Reading the text in this image took longer than ${Math.round(ocr.totalBudgetMs / 1000)} s, so it was stopped. Crop or scale the image down and upload it again.`);
  const cleaned = paragraphs.map((p) => ({ ...p, text: cleanExtractedText(p.text).trim() })).filter((p) => p.text);
  const texts = joinHyphenatedLineEnds(cleaned.map((p) => p.text));
  const blocks: Block[] = cleaned.map((p, i) => ({ kind: "paragraph", text: texts[i]!, ocrConfidence: p.confidence }));
  if (blocks.length === 0) throw new ParseError("OCR found no text in this image. If it shows text, upload a sharper or larger image.");
  return { blocks, metadata: { ocr: { language: ocr.language, pagesRead: 1, pagesLeftOut: [] } } };
}
