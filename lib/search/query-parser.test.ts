import { describe, expect, it } from "vitest";
import { MAX_CLAUSES, normaliseToken, parseQuery } from "./query-parser";

const plain = (terms: string[]) => ({ terms, phrases: [], required: [], excluded: [] });

describe("parseQuery", () => {
  it("reads plain words as scored alternatives, with or without OR", () => {
    expect(parseQuery("boundary layer transition")).toEqual(plain(["boundary", "layer", "transition"]));
    expect(parseQuery("shock OR wave")).toEqual(plain(["shock", "wave"]));
  });

  it("keeps a hyphenated compound whole (PostgreSQL indexes it and its parts)", () => {
    expect(parseQuery("methane-air flames slip-flow").terms).toEqual(["methane-air", "flames", "slip-flow"]);
  });

  it("splits punctuation and path-like tokens into words, keeping an address-like token whole too", () => {
    expect(parseQuery("no-slip/slip flow?").terms).toEqual(["no-slip/slip", "no-slip", "slip", "flow"]);
    expect(parseQuery("/slip (conditions)").terms).toEqual(["slip", "conditions"]);
    expect(normaliseToken("docs.example.com")).toEqual(["docs.example.com", "docs", "example", "com"]);
    expect(normaliseToken("Dewey's")).toEqual(["Dewey's"]);
  });

  it("scores a quoted phrase's words and boosts the exact phrase; a quoted single word is a word", () => {
    expect(parseQuery('"heat transfer" in nozzles')).toEqual({ terms: ["heat", "transfer", "in", "nozzles"], phrases: ["heat transfer"], required: [], excluded: [] });
    expect(parseQuery('"training" phase')).toEqual(plain(["training", "phase"]));
  });

  it("requires +words and +\"phrases\" and excludes -words and -\"phrases\" (exclusions are not scored)", () => {
    expect(parseQuery('+wing -delta -"swept back" +"lift curve"')).toEqual({ terms: ["wing", "lift", "curve"], phrases: [], required: ["wing", "lift curve"], excluded: ["delta", "swept back"] });
  });

  it("ignores what carries no word: a lone - or +, OR OR, unbalanced quotes, control characters", () => {
    expect(parseQuery("- +")).toEqual(plain([]));
    expect(parseQuery("OR OR")).toEqual(plain([]));
    expect(parseQuery('"unbalanced quote')).toEqual(plain(["unbalanced", "quote"]));
    expect(parseQuery("a\u0000b\u2028c").terms).toEqual(["a", "b", "c"]);
    expect(parseQuery("?!*&|<->:").terms).toEqual([]);
    expect(parseQuery('"" -""').terms).toEqual([]);
  });

  it("leaves tsquery operators as plain text, never as syntax", () => {
    expect(parseQuery("a & b | !c <-> d:*").terms).toEqual(["a", "b", "c", "d"]);
  });

  it("caps phrases, requirements and exclusions", () => {
    const many = parseQuery(Array.from({ length: 20 }, (_, i) => `"p${i} q" +r${i} -s${i}`).join(" "));
    expect([many.phrases.length, many.required.length, many.excluded.length]).toEqual([MAX_CLAUSES, MAX_CLAUSES, MAX_CLAUSES]);
  });
});
