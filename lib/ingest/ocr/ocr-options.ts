// Plain data and constants, safe to import anywhere: the engine itself is in ocr-engine.ts.

/** How a parse reads text from images; absent when the workspace switched OCR off. */
export interface OcrOptions {
  /** Tesseract language code of an installed `@tesseract.js-data` package. */
  language: string;
  /** One page or image may take this long; over it, the page is left out and reported. */
  pageBudgetMs: number;
  /** OCR stops starting pages after this long, counted from the parse's start, leaving time to chunk and embed. */
  totalBudgetMs: number;
  /** At most this many pages of one PDF are read by OCR; the rest are reported as left out. */
  maxPages: number;
}

export const OCR_MAX_PAGES = 200;
const OCR_PAGE_BUDGET_MS = 60_000;
/** The share of the parse task's budget OCR may use. */
const OCR_SHARE_OF_BUDGET = 0.8;

export function ocrOptionsFor({ language, parseBudgetMs }: { language: string; parseBudgetMs: number }): OcrOptions {
  const totalBudgetMs = Math.round(parseBudgetMs * OCR_SHARE_OF_BUDGET);
  return { language, totalBudgetMs, pageBudgetMs: Math.min(OCR_PAGE_BUDGET_MS, totalBudgetMs), maxPages: OCR_MAX_PAGES };
}

/** What OCR did for a document, kept in its metadata. */
export interface OcrReport {
  language: string;
  /** Pages (or images) whose text came from OCR. */
  pagesRead: number;
  /** Pages that needed OCR but were not read: over the page cap, out of time, or over the page budget. */
  pagesLeftOut: number[];
  leftOutReason?: string;
}
