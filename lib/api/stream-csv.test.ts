import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { streamCsv } from "./stream-csv";

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("streamCsv", () => {
  it("writes the header, then every page until the cursor runs out, formula-escaped", async () => {
    const pages = [[["1", "=SUM(A1)"]], [["2", "plain, with comma"]], []];
    const seen: (number | null)[] = [];
    const csv = await read(
      streamCsv<number>({
        header: ["id", "text"],
        context: {},
        nextPage: async (cursor) => {
          seen.push(cursor);
          const index = cursor ?? 0;
          return { rows: pages[index]!, cursor: index + 1 < pages.length ? index + 1 : null };
        },
      }),
    );
    expect(seen).toEqual([null, 1, 2]);
    expect(Papa.parse(csv.trim(), { header: true }).data).toEqual([
      { id: "1", text: "'=SUM(A1)" },
      { id: "2", text: "plain, with comma" },
    ]);
  });

  // Issue #18, finding 4: a line break in the value hid the formula from Papa's own rule.
  it("escapes a formula after leading whitespace or a line break, and leaves other text alone", async () => {
    const values = ["=1+1\n+HYPERLINK(\"http://evil.example\")", " =1+1", "\n@SUM(A1)", "\u2028=1", "\u2029+1", "\t1", "\r1", "-1\n2", "a = b", "a\n=b", "e-mail", "1"];
    const csv = await read(streamCsv<number>({ header: ["v"], context: {}, nextPage: async () => ({ rows: values.map((v) => [v]), cursor: null }) }));
    const read_ = (Papa.parse<{ v: string }>(csv, { header: true, skipEmptyLines: true }).data).map((r) => r.v);
    expect(read_).toEqual([...values.slice(0, 8).map((v) => `'${v}`), ...values.slice(8)]);
  });

  it("fails the stream instead of ending a short file when a page cannot be read", async () => {
    const stream = streamCsv({ header: ["a"], context: { test: true }, nextPage: async () => Promise.reject(new Error("database gone")) });
    await expect(read(stream)).rejects.toThrow();
  });
});
