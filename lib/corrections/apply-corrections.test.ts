import { describe, expect, it } from "vitest";
import { applyCorrections, compileCorrections, matchCase, type CorrectionRule } from "./apply-corrections";

const rule = (id: string, originalText: string, correctedText: string): CorrectionRule => ({ id, originalText, correctedText });
const apply = (text: string, rules: CorrectionRule[], markup = false) => applyCorrections(text, compileCorrections(rules), { markup });

describe("applyCorrections", () => {
  it("replaces whole phrases case-insensitively and reports where", () => {
    const result = apply("So opus odima said that Opus Odima is the governor.", [rule("a", "Opus Odima", "Hope Uzodinma")]);
    expect(result.text).toBe("So Hope Uzodinma said that Hope Uzodinma is the governor.");
    expect(result.edits).toEqual([
      { correctionId: "a", from: "opus odima", to: "Hope Uzodinma", start: 3, end: 16 },
      { correctionId: "a", from: "Opus Odima", to: "Hope Uzodinma", start: 27, end: 40 },
    ]);
  });

  it("never matches inside another word", () => {
    const rules = [rule("a", "cat", "dog")];
    expect(apply("concatenate cats cat-like scat", rules).edits).toEqual([]);
    expect(apply("the cat, the CAT.", rules).text).toBe("the dog, the DOG.");
  });

  it("prefers the longest match at a position", () => {
    const rules = [rule("short", "Imo", "IMO"), rule("long", "Imo stayed", "Imo State")];
    expect(apply("Imo stayed calm in Imo", rules).text).toBe("Imo State calm in IMO");
  });

  it("runs in one pass: a correction's output is never corrected again", () => {
    const rules = [rule("a", "alpha", "beta"), rule("b", "beta", "gamma")];
    expect(apply("alpha beta", rules).text).toBe("beta gamma");
  });

  it("keeps the casing pattern of what it replaces", () => {
    expect(matchCase("TEH", "the")).toBe("THE");
    expect(matchCase("Teh", "the")).toBe("The");
    expect(matchCase("teh", "the")).toBe("the");
    expect(matchCase("opus odima", "Hope Uzodinma")).toBe("Hope Uzodinma");
    expect(matchCase("I", "me")).toBe("Me");
  });

  it("keeps the line break inside a phrase split over two subtitle lines", () => {
    const result = apply("I met Opus\nOdima today", [rule("a", "opus odima", "Hope Uzodinma")]);
    expect(result.text).toBe("I met Hope\nUzodinma today");
  });

  it("does not read or rewrite markup, and markup breaks a phrase", () => {
    const rules = [rule("a", "opus odima", "Hope Uzodinma"), rule("i", "i", "me")];
    expect(apply("<i>Opus Odima</i> spoke", rules, true).text).toBe("<i>Hope Uzodinma</i> spoke");
    expect(apply("<i>Opus</i> Odima", rules, true).edits).toEqual([]);
    expect(apply("{\\an8}<font color=i>x</font>", rules, true).edits).toEqual([]);
  });

  it("detects conflicting corrections and applies neither", () => {
    const compiled = compileCorrections([rule("a", "Odima", "Uzodinma"), rule("b", "odima", "Odimma"), rule("c", "stayed", "State")]);
    expect(compiled.conflicts).toEqual([
      { originalKey: "odima", corrections: [{ id: "a", originalText: "Odima", correctedText: "Uzodinma" }, { id: "b", originalText: "odima", correctedText: "Odimma" }] },
    ]);
    expect(applyCorrections("Odima stayed", compiled, { markup: false }).text).toBe("Odima State");
  });

  it("returns the text untouched when nothing applies", () => {
    const text = "Nothing here\r\nto change.";
    expect(apply(text, [rule("a", "zebra", "horse")])).toEqual({ text, edits: [] });
    expect(apply(text, [])).toEqual({ text, edits: [] });
  });

  it("handles apostrophes and accents as parts of words", () => {
    const rules = [rule("a", "dont", "don't"), rule("b", "cafe", "café")];
    expect(apply("I dont like the cafe, don't I?", rules).text).toBe("I don't like the café, don't I?");
  });
});
