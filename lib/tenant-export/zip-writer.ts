import { finished, type Readable } from "node:stream";
import yazl from "yazl";

export interface ZipSink {
  /**
   * Adds an entry whose content `open` provides, and resolves once the zip has read all of it:
   * awaiting each entry keeps one source open at a time, however many documents there are.
   */
  add(name: string, options: { compressionLevel: number }, open: () => Readable): Promise<void>;
  addBuffer(name: string, data: Buffer): void;
}

const CANCELLED = "cancelled by the reader";

/**
 * A zip archive as a web stream, written by `fill` entry by entry. Nothing starts before the first
 * read (highWaterMark 0), so an unread response costs nothing, and a slow reader slows `fill` down
 * through backpressure. yazl writes ZIP64 where needed, so archives over 4 GB or 65,535 files stay
 * valid. A failure ends the stream with an error, so the download fails instead of looking complete.
 */
export function streamZip(fill: (zip: ZipSink) => Promise<void>, context: Record<string, unknown>): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  let output: Readable | null = null;
  let chunks: AsyncIterator<Buffer> | null = null;

  function start(): AsyncIterator<Buffer> {
    const zip = new yazl.ZipFile();
    const out = zip.outputStream as Readable;
    output = out;
    const fail = (error: unknown) => {
      abort.abort(error);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    };
    // yazl reports its own failures as events; an unheard 'error' event would crash the process.
    zip.on("error", fail);
    const sink: ZipSink = {
      add: (name, options, open) => addEntry(zip, abort.signal, name, options, open),
      addBuffer: (name, data) => zip.addBuffer(data, name),
    };
    fill(sink).then(() => zip.end(), fail);
    return out[Symbol.asyncIterator]();
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= start();
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          if (abort.signal.reason !== CANCELLED) console.error("zip export failed", { ...context, error });
          controller.error(error);
        }
      },
      cancel() {
        abort.abort(CANCELLED);
        output?.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

function addEntry(zip: yazl.ZipFile, signal: AbortSignal, name: string, options: { compressionLevel: number }, open: () => Readable): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    let source: Readable | null = null;
    const onAbort = () => {
      source?.destroy();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    zip.addReadStreamLazy(name, options, (callback) => {
      source = open();
      // yazl pipes the source, and pipe() forwards no errors: without this a failing source would stall the zip.
      finished(source, (error) => {
        signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      });
      callback(null, source);
    });
  });
}
