import { stopOcrEngine } from "@/lib/ingest/ocr/ocr-engine";
import { ocrOptionsFor } from "@/lib/ingest/ocr/ocr-options";
import { parseDocument } from "@/lib/ingest/parsers";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { measure, round } from "./measure";

const ROUNDS = 5;

/**
 * OCR throughput on the committed real-producer fixtures: a scanned PDF page (rendered at 300 dpi,
 * 1989 x 470 px: a third of an A4 page of 16 pt text) and a PNG of one line, after the engine has
 * started once (its start is reported apart: once per pool thread).
 */
export async function benchOcr() {
  const ocr = ocrOptionsFor({ language: "eng", parseBudgetMs: 300_000 });
  const scan = readRealFixture("pdf/scan.pdf");
  const png = readRealFixture("images/sentence.png");
  try {
    const start = await measure(() => parseDocument("png", png, { ocr }));
    const pdfPages = await measure(async () => {
      for (let i = 0; i < ROUNDS; i++) await parseDocument("pdf", scan, { ocr });
    });
    const images = await measure(async () => {
      for (let i = 0; i < ROUNDS; i++) await parseDocument("png", png, { ocr });
    });
    const rows = [
      { step: "OCR engine start + first image", seconds: round(start.seconds, 2), pagesPerS: round(1 / start.seconds, 2), peakRssMb: start.peakRssMb },
      { step: "OCR scanned PDF page (render + read)", seconds: round(pdfPages.seconds, 2), pagesPerS: round(ROUNDS / pdfPages.seconds, 2), peakRssMb: pdfPages.peakRssMb },
      { step: "OCR PNG line image", seconds: round(images.seconds, 2), pagesPerS: round(ROUNDS / images.seconds, 2), peakRssMb: images.peakRssMb },
    ];
    console.table(rows);
    return rows;
  } finally {
    await stopOcrEngine();
  }
}
