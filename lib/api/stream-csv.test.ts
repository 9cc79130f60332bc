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

  it("fails the stream instead of ending a short file when a page cannot be read", async () => {
    const stream = streamCsv({ header: ["a"], context: { test: true }, nextPage: async () => Promise.reject(new Error("database gone")) });
    await expect(read(stream)).rejects.toThrow();
  });
});
