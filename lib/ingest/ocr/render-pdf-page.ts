import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api";

/** Tesseract reads print best at about 300 dpi. */
const OCR_DPI = 300;
/** A page is drawn at most this large (an A4 page at 300 dpi is 8.7 million pixels), which bounds memory for huge page sizes. */
const MAX_PIXELS = 12_000_000;

interface NodeCanvas {
  width: number;
  height: number;
  toBuffer(mime: "image/png"): Buffer;
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: NodeCanvas; context: CanvasRenderingContext2D };
  destroy(canvasAndContext: unknown): void;
}

/**
 * Draws a PDF page as a PNG for OCR, white behind it (a scan's transparent areas read as paper).
 * pdf.js draws on @napi-rs/canvas in Node (prebuilt, no system libraries).
 */
export async function renderPdfPage(pdf: PDFDocumentProxy, page: PDFPageProxy): Promise<Uint8Array> {
  const natural = page.getViewport({ scale: 1 });
  const scale = Math.min(OCR_DPI / 72, Math.sqrt(MAX_PIXELS / (natural.width * natural.height)));
  const viewport = page.getViewport({ scale });
  const factory = (pdf as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    target.context.fillStyle = "#ffffff";
    target.context.fillRect(0, 0, target.canvas.width, target.canvas.height);
    await page.render({ canvasContext: target.context, canvas: target.canvas as unknown as HTMLCanvasElement, viewport }).promise;
    return new Uint8Array(target.canvas.toBuffer("image/png"));
  } finally {
    factory.destroy(target);
  }
}
