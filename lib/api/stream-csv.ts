import Papa from "papaparse";

/**
 * Cells a spreadsheet could run as a formula, escaped with a leading `'` (OWASP's CSV injection
 * rule): a formula character after any leading whitespace or line break (U+2028/U+2029 included),
 * or a leading tab or carriage return. Papa's own rule (`^[=+\-@\t\r].*$`) misses a value with a
 * line break in it, because `.` stops there: `=1+1\n+HYPERLINK(...)` went out unescaped.
 */
export const CSV_FORMULA = /^\s*[=+\-@]|^[\t\r]/;

/**
 * A CSV body written page by page: `nextPage` is called until it returns no cursor, so a large
 * export never sits in memory. Cells are formula-escaped: a value such as "=HYPERLINK(...)" must
 * not run when the file is opened in a spreadsheet.
 */
export function streamCsv<C>({
  header,
  nextPage,
  context,
}: {
  header: readonly string[];
  nextPage: (cursor: C | null) => Promise<{ rows: unknown[][]; cursor: C | null }>;
  /** Logged with a failure, which ends the download with a network error rather than a short file. */
  context: Record<string, unknown>;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${Papa.unparse([header as string[]], { newline: "\r\n" })}\r\n`));
        }
        const page = await nextPage(cursor);
        if (page.rows.length) controller.enqueue(encoder.encode(`${Papa.unparse(page.rows, { escapeFormulae: CSV_FORMULA, newline: "\r\n" })}\r\n`));
        if (page.cursor === null) controller.close();
        else cursor = page.cursor;
      } catch (error) {
        console.error("CSV export failed", { ...context, error });
        controller.error(error);
      }
    },
  });
}

/** A CSV download: an attachment, never rendered inline, never cached. */
export function csvResponse(body: ReadableStream<Uint8Array> | string, filename: string): Response {
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
