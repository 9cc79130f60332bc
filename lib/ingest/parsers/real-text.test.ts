import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectKind, SNIFF_BYTES } from "../file-types";
import { parseDocument } from "./index";

// Files made by iconv and sed from hand-written UTF-8 sources: see fixtures/real/text/MAKE.md.
const FIXTURES = new URL("../../testing/fixtures/real/text/", import.meta.url);

/** Detects the kind from the head, as an upload does, then parses the whole file. */
async function ingest(name: string) {
  const bytes = readFileSync(new URL(name, FIXTURES));
  const kind = await detectKind(bytes.subarray(0, SNIFF_BYTES), name.replace(/^.*\//, ""));
  if (!kind) throw new Error(`${name} was refused as not a supported type`);
  return { kind, ...(await parseDocument(kind, bytes)) };
}

const cues = (blocks: { cue?: number; startMs?: number; endMs?: number; text: string }[]) => blocks.map((b) => [b.cue, b.startMs, b.endMs, b.text]);

const MENU = [
  "Café crème brûlée – the menu of “Le Déjeuner”",
  "Naïve façade, Ærø and Straße: our œuvre costs 10 € per person.\nSeñora Muñoz déjà vu: à la carte, über schön, garçon!",
];
const BRIEFING = [
  [1, 1000, 4000, "Bienvenue à la réunion du matin."],
  [2, 4500, 8000, "Le café est prêt, dit Zoë."],
];

describe("real files: every encoding is read (defect 1)", () => {
  it.each([
    ["menu-utf16le-bom.txt", "UTF-16LE"],
    ["menu-utf16be.txt", "UTF-16BE"],
    ["menu-utf32le-bom.txt", "UTF-32LE"],
    ["menu-windows-1252.txt", "windows-1252"],
    ["sources/menu.txt", "UTF-8"],
  ])("%s as %s text", async (name, encoding) => {
    const { kind, blocks, metadata } = await ingest(name);
    expect(kind).toBe("txt");
    expect(blocks.map((b) => b.text)).toEqual(MENU);
    expect(metadata.encoding).toBe(encoding);
  });

  it("Shift_JIS text", async () => {
    const { blocks, metadata } = await ingest("tokyo-shift-jis.txt");
    expect(blocks.map((b) => b.text)).toEqual([readFileSync(new URL("sources/tokyo.txt", FIXTURES), "utf8").trim()]);
    expect(metadata.encoding).toBe("Shift_JIS");
  });

  it.each([
    ["briefing-utf16le-bom.srt", "UTF-16LE"],
    ["briefing-utf16be.srt", "UTF-16BE"],
    ["briefing-utf32be.srt", "UTF-32BE"],
    ["briefing-windows-1252.srt", "windows-1252"],
  ])("%s as %s subtitles", async (name, encoding) => {
    const { kind, blocks, metadata } = await ingest(name);
    expect(kind).toBe("srt");
    expect(cues(blocks)).toEqual(BRIEFING);
    expect(metadata.encoding).toBe(encoding);
  });

  it("a UTF-16 WebVTT file", async () => {
    const { kind, blocks, metadata } = await ingest("regions-utf16le-bom.vtt");
    expect(kind).toBe("vtt");
    expect(blocks).toHaveLength(4);
    expect(metadata.encoding).toBe("UTF-16LE");
  });
});

describe("real files: WebVTT by the spec", () => {
  it("keeps cues that use a region, and ignores REGION blocks (defect 3)", async () => {
    const { blocks } = await ingest("sources/regions.vtt");
    expect(cues(blocks)).toEqual([
      [1, 0, 20000, "Fred: Hi, my name is Fred"],
      [2, 2500, 22500, "Bill: Hi, I’m Bill"],
      [3, 5000, 25000, "Fred: Would you like to get a coffee?"],
      [4, 7500, 27500, "Bill: Sure! I’ve only had one today."],
    ]);
    const mixed = await ingest("sources/regions-mixed.vtt");
    expect(mixed.blocks.map((b) => b.text)).toEqual(["The first cue has no region.", "The middle cue sits in the lower region.", "The last cue has no region either."]);
    expect(mixed.metadata.warnings).toBeUndefined();
  });

  it("reads mm:ss.ttt timestamps followed by cue settings (defect 4)", async () => {
    const { blocks } = await ingest("sources/short-timestamps.vtt");
    expect(cues(blocks)).toEqual([
      [1, 11000, 13000, "Roger Bingham: We are in New York City"],
      [2, 13000, 16000, "Roger Bingham: We’re actually at the Lucern Hotel, just down the street"],
      [3, 16000, 18000, "Roger Bingham: from the American Museum of Natural History"],
      [4, 62000, 64500, "And back to the studio."],
    ]);
  });

  it("decodes entities, drops tags, keeps speakers searchable, skips a bad cue with a warning (defect 11)", async () => {
    const { blocks, metadata } = await ingest("sources/entities-voices.vtt");
    expect(blocks.map((b) => [b.cue, b.text, b.speaker])).toEqual([
      [1, "Tom & Jerry Show <live>", undefined],
      [2, "Esme: It’s a yellow day.", "Esme"],
      [3, "Mary: Morning everyone\nEsme: Hello, Mary", "Mary, Esme"],
      [5, "Merci & good night.", undefined],
    ]);
    expect(metadata.warnings).toEqual([
      "Line 23: \"4\" is not followed by a timing line such as 00:01.000 --> 00:04.000, so it was skipped. If it is text of the cue above, remove the blank line before it.",
    ]);
  });
});

describe("real files: SubRip as players read it", () => {
  it("reads an SRT without cue numbers as cues (defect 6)", async () => {
    const { kind, blocks } = await ingest("sources/no-numbers.srt");
    expect(kind).toBe("srt");
    expect(cues(blocks)).toEqual([
      [1, 1000, 3500, "The first cue has no number."],
      [2, 4000, 6000, "Neither has the second,\nwhich runs over two lines."],
      [3, 6500, 8000, "Nor the third."],
    ]);
  });

  it.each(["sources/cue-zero-ssa.srt", "cue-zero-ssa-crcrlf.srt"])("keeps cue 0 and only the words of %s (defect 11)", async (name) => {
    const { blocks } = await ingest(name);
    expect(cues(blocks)).toEqual([
      [0, 500, 2000, "[Theme music]"],
      [1, 2500, 5000, "Good evening,\nand welcome."],
      [2, 5500, 8000, "Ten thousand people came."],
    ]);
  });

  it("skips bad cues with a warning and keeps the rest (defect 7)", async () => {
    const { blocks, metadata } = await ingest("sources/bad-timing.srt");
    expect(cues(blocks)).toEqual([
      [1, 1000, 3000, "The first cue is fine."],
      [4, 6000, 8000, "The fourth cue is fine again."],
    ]);
    expect(metadata.warnings).toEqual([
      'Line 6: cue skipped: "00:00:03,500 --> 00:00:61,000" has minutes or seconds above 59.',
      "Line 9: cue 3 was skipped: no timing line such as 00:00:01,000 --> 00:00:02,000 follows its number.",
    ]);
  });
});
