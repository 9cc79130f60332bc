import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileCorrections } from "./apply-corrections";
import { CleanLimitError, cleanTranscript } from "./clean-transcript";
import { buildEntityIndex } from "./propose-corrections";
import { stopwordsFor } from "./stopwords";
import { detectTranscriptFormat } from "./transcript-format";

const dir = path.join(__dirname, "fixtures");
const fixtures = readdirSync(dir).map((name) => ({ name, content: readFileSync(path.join(dir, name), "utf8") }));
const stopwords = stopwordsFor("en");
const noEntities = buildEntityIndex([]);

/** The expected output: every "Opus Odima" outside markup becomes "Hope Uzodinma", nothing else changes. */
function replacedOutsideMarkup(content: string): string {
  return content
    .split(/(<[^>\n]*>)/)
    .map((part) => (part.startsWith("<") ? part : part.replace(/Opus Odima/g, "Hope Uzodinma")))
    .join("");
}

describe("cleanTranscript on real-world subtitle files", () => {
  it.each(fixtures.map((f) => [f.name, f] as const))("gives %s back byte for byte when no correction applies", (_name, { name, content }) => {
    const format = detectTranscriptFormat(content, name);
    const result = cleanTranscript(content, format, { corrections: compileCorrections([{ id: "z", originalText: "zebra crossing", correctedText: "Zebra Crossing" }]), entities: noEntities, stopwords });
    expect(Buffer.from(result.content)).toEqual(Buffer.from(content));
    expect(result.segments).toEqual([]);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("changes only the corrected words of %s", (_name, { name, content }) => {
    const format = detectTranscriptFormat(content, name);
    const result = cleanTranscript(content, format, { corrections: compileCorrections([{ id: "a", originalText: "Opus Odima", correctedText: "Hope Uzodinma" }]), entities: noEntities, stopwords });
    expect(result.content).toBe(replacedOutsideMarkup(content));
    const occurrences = result.content === content ? 0 : result.applied[0]!.occurrences;
    expect(occurrences).toBe((content.split(/<[^>\n]*>/).join("").match(/Opus Odima/g) ?? []).length);
  });

  it("proposes from the glossary on what is left after applying, with the cue it came from", () => {
    const content = readFileSync(path.join(dir, "imo-interview-crlf-bom.srt"), "utf8");
    const result = cleanTranscript(content, "srt", {
      corrections: compileCorrections([]),
      entities: buildEntityIndex([{ text: "Hope Uzodinma", authority: 0.95, origin: "glossary", sourceId: "gov" }]),
      stopwords,
    });
    expect(result.content).toBe(content);
    expect(result.suggestions).toEqual([
      expect.objectContaining({ originalText: "Opus Odima", suggestedText: "Hope Uzodinma", occurrences: 1, location: expect.objectContaining({ cue: 2 }), contextLine: "My guest tonight is the governor\r\nof Imo State, Opus Odima." }),
    ]);
  });

  it("refuses more cues or lines than one request cleans, before cleaning any", () => {
    const srt = "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n\n3\n00:00:05,000 --> 00:00:06,000\nThree\n";
    const options = { corrections: compileCorrections([]), entities: noEntities, stopwords, maxSegments: 2 };
    expect(() => cleanTranscript(srt, "srt", options)).toThrow(new CleanLimitError(3, 2, "cues"));
    expect(() => cleanTranscript("a\nb\nc\n", "text", options)).toThrow("This file has 3 lines; one request cleans at most 2. Split the file and clean the parts.");
    expect(cleanTranscript("a\nb\n", "text", options).content).toBe("a\nb\n");
  });
});
