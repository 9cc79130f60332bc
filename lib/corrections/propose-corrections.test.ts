import { describe, expect, it } from "vitest";
import { buildEntityIndex, proposeCorrections, type KnownEntity } from "./propose-corrections";
import { stopwordsFor } from "./stopwords";

const glossary = (text: string, authority = 0.9): KnownEntity => ({ text, authority, origin: "glossary", sourceId: null });
const english = stopwordsFor("en");
const propose = (text: string, entities: KnownEntity[], extra: Partial<Parameters<typeof proposeCorrections>[2]> = {}) =>
  proposeCorrections(text, buildEntityIndex(entities), { markup: false, stopwords: english, ...extra });

describe("proposeCorrections", () => {
  it("proposes the glossary spelling of a misheard name", () => {
    const [p, ...rest] = propose("Opus Odima is the governor", [glossary("Hope Uzodinma", 0.95), glossary("Imo State")]);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ originalText: "Opus Odima", suggestedText: "Hope Uzodinma", start: 0, end: 10 });
    expect(p!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(p!.confidence).toBeLessThan(p!.similarity);
  });

  it("catches a name split into two words", () => {
    expect(propose("we drove to or lou yesterday", [glossary("Orlu")])).toMatchObject([{ originalText: "or lou", suggestedText: "Orlu" }]);
  });

  it("may keep a glossary word but never changes one", () => {
    const entities = [glossary("Imo State"), glossary("Imo")];
    expect(propose("Imo stayed calm", entities)).toMatchObject([{ originalText: "Imo stayed", suggestedText: "Imo State" }]);
    expect(propose("Imo", [glossary("Imo"), glossary("Ima")])).toEqual([]);
  });

  it("does not propose text already written as an entity, or common words that merely sound alike", () => {
    expect(propose("Hope Uzodinma spoke in Orlu", [glossary("Hope Uzodinma"), glossary("Orlu")])).toEqual([]);
    expect(propose("an oral exam or all of them", [glossary("Orlu")])).toEqual([]);
  });

  it("scales confidence with the source's authority", () => {
    const high = propose("Opus Odima", [glossary("Hope Uzodinma", 1)])[0]!;
    const low = propose("Opus Odima", [{ text: "Hope Uzodinma", authority: 0.1, origin: "context", sourceId: "page" }])[0]!;
    expect(high.similarity).toBe(low.similarity);
    expect(high.confidence).toBeGreaterThan(low.confidence);
    expect(low.entity).toEqual({ text: "Hope Uzodinma", authority: 0.1, origin: "context", sourceId: "page" });
  });

  it("skips protected ranges and rejected pairs", () => {
    const entities = [glossary("Hope Uzodinma")];
    expect(propose("Opus Odima", entities, { protectedRanges: [[0, 4]] })).toEqual([]);
    expect(propose("Opus Odima", entities, { rejected: new Set(["opus odima\u0000Hope Uzodinma"]) })).toEqual([]);
  });

  it("picks the best of overlapping candidates", () => {
    const found = propose("the Opus Odima visit", [glossary("Hope Uzodinma"), { text: "Pusodima", authority: 0.2, origin: "context", sourceId: null }]);
    expect(found.map((p) => p.suggestedText)).toEqual(["Hope Uzodinma"]);
  });
});
