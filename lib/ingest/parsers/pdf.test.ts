import { describe, expect, it } from "vitest";
import { chunkBlocks, DEFAULT_CHUNKING } from "@/lib/ingest/chunker";
import { readRealFixture } from "@/lib/testing/real-fixtures";
import { joinHyphenatedLineEnds } from "./hyphenation";
import { cleanExtractedText } from "./pdf-text";
import { parseDocument } from "./index";

// Fixtures made by LibreOffice (and pdf-lib filling a form): lib/testing/fixtures/real/MAKE.md.
const textsOf = async (name: string) => (await parseDocument("pdf", readRealFixture(name))).blocks.map((b) => b.text);

describe("PDF fidelity (#19)", () => {
  it("joins line-end hyphenation when the joined word occurs elsewhere, keeps real compounds", async () => {
    expect(await textsOf("pdf/hyphenation-de.pdf")).toEqual([
      "Atlas und Karten",
      "Die Kartenwechselabbildung verbindet zwei Karten eines Atlas. Jede Kartenwechselabbildung ist glatt, wenn der Atlas glatt ist.",
      "Ein wohlbekanntes Beispiel ist die Sphäre mit zwei Projektionen aus dem Nord-Süd-Paar der Pole, deren Kartenwechselabbildung die Inversion ist.",
      "Auch die Übergangsfunktionen eines Vektorbündels sind glatt, und jede Übergangsfunktion erfüllt die Kozykelbedingung auf dreifachen Schnitten.",
    ]);
  });

  it("hyphenation: a break joins only into a word seen elsewhere and a lowercase continuation", () => {
    expect(joinHyphenatedLineEnds(["a well-\nknown fact", "the Karten-\nwechsel", "Kartenwechsel again", "Nord-\nSüd, NordSüd"])).toEqual([
      "a well-known fact",
      "the Kartenwechsel",
      "Kartenwechsel again",
      "Nord-Süd, NordSüd",
    ]);
  });

  it("indexes filled form fields as their own marked blocks", async () => {
    const { blocks } = await parseDocument("pdf", readRealFixture("pdf/form-filled.pdf"));
    expect(blocks.filter((b) => b.formField).map((b) => b.text)).toEqual(["FullName: Margarethe Oyelaran", "Company: Tidewater Cartography", "BadgeColour: Teal", "Escort: ticked"]);
    expect(blocks.find((b) => !b.formField)?.text).toBe("Visitor registration");
    const [chunk] = chunkBlocks(blocks, DEFAULT_CHUNKING);
    expect(chunk!.metadata.formFields).toEqual(["FullName", "Company", "BadgeColour", "Escort"]);
  });

  it("keeps Arabic in reading order: lam-alef ligatures, numbers and punctuation in place", async () => {
    const texts = await textsOf("pdf/arabic.pdf");
    expect(texts).toEqual(["سلام عليكم", "المكتبة العامة مفتوحة كل يوم من الساعة التاسعة صباحا.", "لا يوجد موقف للسيارات، والغرفة رقم 42 في الطابق الثاني."]);
    expect(texts.join("")).not.toMatch(/[\p{Cc}\u200E\u200F\u202A-\u202E]/u);
  });

  it("reads ligatures, presentation forms and full-width letters as plain letters", async () => {
    expect(await textsOf("pdf/ligatures.pdf")).toEqual([
      "The final flow chart hangs in the office.",
      "A second file lists the floor plan: PDF version 2.",
      "Shaped by the font: official fields, flat fees, affluent suffix.",
    ]);
  });

  it("cleaning drops control and direction characters and normalises presentation forms", () => {
    expect(cleanExtractedText("\u202Bﻻ\u202C \u0003ﬁle\u200F Ｘ")).toBe("لا file X");
  });
});
