import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { TEXT_CONFIGS } from "@/lib/search/ranking-settings";
import { createTestDatabase } from "@/lib/testing/test-database";
import { closePool, runInPool } from "@/lib/workers/pool";
import { analyseTexts } from "./text-analysis";

// Text that exercises the parser's token types and the dictionaries: URLs, e-mail addresses, hosts,
// versions, numbers, hyphenated words, accents, scripts, stop words only, nothing at all.
const TEXTS = [
  "Running runners ran quickly to the committee's meetings.",
  "See https://example.org/path?q=1&r=two#frag or mail ops@example.org; host db-01.internal:5432.",
  "Version 2.3.4-rc1, 3.14159, -42, 1e-9, 12,000 EUR and 50% off.",
  "Self-service, well-known, state-of-the-art co-operation.",
  "Naïve café façade — Ünïcödé wörds, emoji 🎉, tab\tand\nnewline.",
  "Москва и Київ, Ελλάδα, 東京, العربية, हिन्दी.",
  "the and of to a in",
  "",
  "x".repeat(3000),
  Array.from({ length: 400 }, (_, i) => `word${i % 37}`).join(" "),
];

describe("text analysis off the database's thread", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });

  afterAll(async () => {
    await closePool();
    await handle?.close();
  });

  it.each(TEXT_CONFIGS)("makes the tsvector and word count the database makes (%s)", async (config) => {
    const made = await analyseTexts(config, TEXTS);
    const expected = await queryRows<{ tsv: string; lexeme_count: number }>(
      handle.db,
      sql`select encode(tsvectorsend(to_tsvector(${config}::regconfig, t)), 'hex') as tsv, tsvector_word_count(to_tsvector(${config}::regconfig, t)) as lexeme_count
          from jsonb_array_elements_text(${JSON.stringify(TEXTS)}::jsonb) with ordinality u(t, n) order by n`,
    );
    expect(made.map((m) => ({ tsv: Buffer.from(m.tsv).toString("hex"), lexeme_count: m.lexemeCount }))).toEqual(expected);
  });

  it("runs on its own pool thread, with the same result", async () => {
    const onThread = await runInPool("analyseText", { config: "english", texts: TEXTS }, { budgetMs: 120_000 });
    const here = await analyseTexts("english", TEXTS);
    expect(onThread.map((a) => ({ tsv: Buffer.from(a.tsv).toString("hex"), lexemeCount: a.lexemeCount }))).toEqual(here.map((a) => ({ tsv: Buffer.from(a.tsv).toString("hex"), lexemeCount: a.lexemeCount })));
  });

  it("refuses an unknown configuration with the database's own message", async () => {
    await expect(analyseTexts("klingon", ["tlhIngan Hol"])).rejects.toThrow(/text search configuration "klingon" does not exist/);
  });
});
