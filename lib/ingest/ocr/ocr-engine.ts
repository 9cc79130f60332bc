import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createWorker, OEM, type Worker } from "tesseract.js";
import { ocrLanguageDataPath } from "./ocr-languages";

/** One paragraph of recognised text and the engine's confidence in it (0-100). */
export interface OcrParagraph {
  text: string;
  confidence: number;
}

/** The engine could not read an image at all (not an image it decodes, or too large to hold). */
export class OcrImageError extends Error {
  constructor(options: { cause: unknown }) {
    super("OCR could not read the image", options);
    this.name = "OcrImageError";
  }
}

/** A worker unused this long is ended: it holds the engine and language data (about 100 MB). */
const IDLE_MS = 60_000;

/** Below this, a "paragraph" is what the engine makes of a photo's texture or a smudge, not text. */
const MIN_CONFIDENCE = 20;

interface Engine {
  language: string;
  worker: Promise<Worker>;
}

// One engine per thread (each pool thread loads this module once), made on first use and reused:
// starting one costs about half a second.
let engine: Engine | undefined;
let idleTimer: NodeJS.Timeout | undefined;

function startWorker(language: string): Promise<Worker> {
  const langPath = ocrLanguageDataPath(language);
  if (!langPath) throw new Error(`OCR language ${language} is not installed`);
  // Unused with cacheMethod "none", but the engine wants a writable folder.
  const cachePath = path.join(os.tmpdir(), "tkc-ocr-cache");
  mkdirSync(cachePath, { recursive: true });
  // Node resolves the worker script and the engine (WASM) from node_modules, and langPath is a
  // folder, so nothing is fetched: no corePath or workerPath URL, no CDN.
  return createWorker(language, OEM.LSTM_ONLY, { langPath, cachePath, gzip: true, cacheMethod: "none" });
}

function workerFor(language: string): Promise<Worker> {
  if (engine && engine.language !== language) void stopOcrEngine();
  engine ??= { language, worker: startWorker(language) };
  const started = engine;
  // A worker that failed to start is not kept: the next call tries again.
  started.worker.catch(() => {
    if (engine === started) engine = undefined;
  });
  return started.worker;
}

function armIdleTimer(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void stopOcrEngine(), IDLE_MS);
  // The timer alone never keeps a process alive.
  idleTimer.unref();
}

/** Ends the thread's OCR worker, if any (idle, shutdown, or a page that ran over its budget). */
export async function stopOcrEngine(): Promise<void> {
  clearTimeout(idleTimer);
  const current = engine;
  engine = undefined;
  if (!current) return;
  try {
    await (await current.worker).terminate();
  } catch {
    // It never started, or is gone already.
  }
}

/**
 * Reads the text in an image (PNG, JPEG, TIFF, WebP or BMP bytes) as paragraphs. Null when the
 * engine did not finish within `budgetMs`: the worker is then ended (a running recognition
 * cannot be stopped otherwise) and the next call starts a fresh one.
 */
export async function recognizeImage(image: Uint8Array, { language, budgetMs }: { language: string; budgetMs: number }): Promise<OcrParagraph[] | null> {
  clearTimeout(idleTimer);
  const worker = await workerFor(language);
  let timer: NodeJS.Timeout | undefined;
  const overBudget = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs);
  });
  try {
    const recognition = worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true });
    // Over budget, the worker is ended under a running recognition, which then fails: nobody waits for it.
    recognition.catch(() => undefined);
    let result;
    try {
      result = await Promise.race([recognition, overBudget]);
    } catch (error) {
      // An image the engine cannot decode or hold can leave it unusable: start afresh next time.
      await stopOcrEngine();
      throw new OcrImageError({ cause: error });
    }
    if (!result) {
      await stopOcrEngine();
      return null;
    }
    return (result.data.blocks ?? [])
      .flatMap((block) => block.paragraphs)
      .map((p) => ({ text: p.text.replace(/[ \t]+\n/g, "\n").trim(), confidence: Math.round(p.confidence) }))
      .filter((p) => p.confidence >= MIN_CONFIDENCE && /[\p{L}\p{N}]/u.test(p.text));
  } finally {
    clearTimeout(timer);
    if (engine) armIdleTimer();
  }
}
