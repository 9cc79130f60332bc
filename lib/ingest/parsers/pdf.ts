import type { PDFDocumentProxy, TextItem } from "pdfjs-dist/types/src/display/api";
import { OcrImageError, recognizeImage } from "../ocr/ocr-engine";
import type { OcrOptions, OcrReport } from "../ocr/ocr-options";
import { renderPdfPage } from "../ocr/render-pdf-page";
import { joinHyphenatedLineEnds } from "./hyphenation";
import { formFieldBlocks } from "./pdf-forms";
import { fixRightToLeftGlyphs } from "./pdf-rtl";
import { cleanExtractedText, pageParagraphs } from "./pdf-text";
import { ParseError, type Block, type ParsedDocument, type ParseOptions } from "./types";

/** A page with fewer letters and digits than this in its text layer is taken for a scan (a stamp or page number aside). */
const MIN_TEXT_LAYER_CHARS = 16;

interface PageText {
  page: number;
  paragraphs: string[];
  /** Set when the paragraphs were read by OCR: one confidence per paragraph. */
  confidences?: number[];
}

const countWordChars = (texts: string[]) => texts.reduce((sum, t) => sum + (t.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);

async function openPdf(bytes: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    // Fonts' ToUnicode maps, to put right-to-left ligatures in order (pdf-rtl.ts).
    fontExtraProperties: true,
    verbosity: 0,
  });
  try {
    return { pdfjs, pdf: await task.promise };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "PasswordException") throw new ParseError("The PDF is password-protected. Remove the password and upload it again.");
    // Kept in the log: a setup problem (pdf.js not loading) would otherwise look like a bad file.
    console.warn("pdf.js could not open a PDF", { error });
    throw new ParseError("The PDF is damaged or not a PDF. Export it again from the program that made it.");
  }
}

/**
 * Reads the scanned pages by OCR, in page order, until the page cap or the time budget; the
 * pages not read are reported. The engine starts only when a PDF needs it.
 */
async function readScannedPages(pdf: PDFDocumentProxy, scanned: PageText[], ocr: OcrOptions, started: number): Promise<{ pages: PageText[]; report: OcrReport }> {
  const pages: PageText[] = [];
  const report: OcrReport = { language: ocr.language, pagesRead: 0, pagesLeftOut: [] };
  const pageNumbers = scanned.map((p) => p.page);
  for (const [index, pageNumber] of pageNumbers.entries()) {
    if (index >= ocr.maxPages) {
      report.pagesLeftOut.push(...pageNumbers.slice(index));
      report.leftOutReason = `OCR reads at most ${ocr.maxPages} pages of one PDF`;
      break;
    }
    const remaining = ocr.totalBudgetMs - (performance.now() - started);
    if (remaining <= 0) {
      report.pagesLeftOut.push(...pageNumbers.slice(index));
      report.leftOutReason = "reading the scanned pages ran out of time";
      break;
    }
    const page = await pdf.getPage(pageNumber);
    try {
      const paragraphs = await recognizeImage(await renderPdfPage(pdf, page), { language: ocr.language, budgetMs: Math.min(ocr.pageBudgetMs, remaining) }).catch((error: unknown) => {
        if (error instanceof OcrImageError) return undefined;
        throw error;
      });
      if (!paragraphs) {
        report.pagesLeftOut.push(pageNumber);
        report.leftOutReason ??= paragraphs === null ? "a page took longer than its OCR time limit" : "OCR could not read a page's image";
        continue;
      }
      report.pagesRead++;
      const cleaned = paragraphs.map((p) => ({ ...p, text: cleanExtractedText(p.text).trim() })).filter((p) => p.text);
      // A page with a few words of real text (a title page) keeps them unless OCR reads more.
      if (countWordChars(cleaned.map((p) => p.text)) > countWordChars(scanned[index]!.paragraphs)) {
        pages.push({ page: pageNumber, paragraphs: cleaned.map((p) => p.text), confidences: cleaned.map((p) => p.confidence) });
      }
    } finally {
      page.cleanup();
    }
  }
  return { pages, report };
}

/**
 * Text per page with pdf.js: paragraphs from the page layout, right-to-left text in reading
 * order, ligatures and presentation forms as plain letters, line-end hyphenation joined across the
 * document, and filled form fields as their own blocks. Pages without a text layer (scans) are
 * read by OCR when the workspace allows it. An encrypted or corrupt PDF, or one with no text at
 * all, is refused with the reason.
 */
export async function parsePdf(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  const started = performance.now();
  const { pdfjs, pdf } = await openPdf(bytes);
  try {
    const pages: PageText[] = [];
    const fieldBlocks: Block[] = [];
    const scanned: PageText[] = [];
    const seenFields = new Set<string>();
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      const items = await fixRightToLeftGlyphs(page, content.items.filter((item): item is TextItem => "str" in item), pdfjs.OPS);
      const paragraphs = pageParagraphs(items)
        .map((p) => cleanExtractedText(p).trim())
        .filter(Boolean);
      fieldBlocks.push(...(await formFieldBlocks(page, pageNumber, seenFields)));
      if (options.ocr && countWordChars(paragraphs) < MIN_TEXT_LAYER_CHARS) scanned.push({ page: pageNumber, paragraphs });
      else pages.push({ page: pageNumber, paragraphs });
      page.cleanup();
    }
    let ocrReport: OcrReport | undefined;
    if (options.ocr && scanned.length > 0) {
      const read = await readScannedPages(pdf, scanned, options.ocr, started);
      const byOcr = new Set(read.pages.map((p) => p.page));
      pages.push(...read.pages, ...scanned.filter((p) => !byOcr.has(p.page)));
      ocrReport = read.report;
      pages.sort((a, b) => a.page - b.page);
    }

    const joined = joinHyphenatedLineEnds(pages.flatMap((p) => p.paragraphs));
    let next = 0;
    const blocks: Block[] = pages.flatMap((p) =>
      p.paragraphs.map((_, i) => ({ kind: "paragraph" as const, text: joined[next++]!, page: p.page, ...(p.confidences ? { ocrConfidence: p.confidences[i] } : {}) })),
    );
    for (const field of fieldBlocks) {
      // After the page's own text, in page order.
      const at = blocks.findLastIndex((b) => (b.page ?? 0) <= (field.page ?? 0));
      blocks.splice(at + 1, 0, field);
    }
    if (blocks.length === 0) throw new ParseError(noTextMessage(ocrReport));
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: string } | undefined;
    return {
      blocks,
      metadata: { pages: pdf.numPages, ...(info?.Title ? { title: cleanExtractedText(info.Title).trim() } : {}), ...(ocrReport ? { ocr: ocrReport } : {}) },
    };
  } finally {
    await pdf.destroy();
  }
}

function noTextMessage(report: OcrReport | undefined): string {
  if (!report) return "The PDF has no text layer (it looks like scanned images). Run it through OCR first, or switch on reading text from images in the workspace settings, then upload it again.";
  if (report.pagesRead === 0 && report.pagesLeftOut.length > 0) return `The PDF has no text layer, and its scanned pages could not be read: ${report.leftOutReason}. Split it into smaller files and upload those.`;
  return "The PDF has no text layer, and OCR found no text on its pages. If it holds text, scan it again at a higher resolution and upload that.";
}
