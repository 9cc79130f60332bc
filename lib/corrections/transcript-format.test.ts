import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  assertSomeCueRead,
  describeLocation,
  detectTranscriptFormat,
  parseTranscript,
  TRANSCRIPT_FORMATS,
  TranscriptFormatError,
  writeTranscript,
  type TextLocation,
  type TranscriptFormat,
  type TranscriptSegment,
} from "./transcript-format";

const FIXTURES: Record<string, TranscriptFormat> = {
  "imo-interview-crlf-bom.srt": "srt",
  "imo-interview-an8-lf.srt": "srt",
  "lecture-messy-spacing.srt": "srt",
  "imo-interview-styled.vtt": "vtt",
  "press-briefing-crlf.vtt": "vtt",
  "imo-interview-transcript.txt": "text",
};

/** Read as bytes, and decoded without stripping the BOM, so tests see exactly what is on disk. */
function fixture(name: string): { bytes: Buffer; content: string } {
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  return { bytes, content: bytes.toString("utf8") };
}

function textSegments(segments: readonly TranscriptSegment[]): { text: string; location: TextLocation }[] {
  return segments.flatMap((s) => (s.kind === "text" ? [{ text: s.text, location: s.location }] : []));
}

function rawSegments(segments: readonly TranscriptSegment[]): string[] {
  return segments.flatMap((s) => (s.kind === "raw" ? [s.text] : []));
}

function cue(text: string, line: number, cueIndex: number, start: string) {
  return { text, location: { line, cue: cueIndex, start } };
}

function parseError(run: () => unknown): TranscriptFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof TranscriptFormatError) return error;
    throw error;
  }
  throw new Error("expected a TranscriptFormatError");
}

/** Byte ranges that differ between two buffers, found from the common prefix and suffix. */
function changedBytes(before: Buffer, after: Buffer): { offset: number; removed: string; added: string } {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  return {
    offset: prefix,
    removed: before.subarray(prefix, before.length - suffix).toString("utf8"),
    added: after.subarray(prefix, after.length - suffix).toString("utf8"),
  };
}

const SRT_STRUCTURE_LINE = /^(?:|\d+|\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}(?:\s+[XY][12]:\d+)*)$/;

describe("round trip", () => {
  it.each(Object.entries(FIXTURES))("writes %s back byte-for-byte", (name, format) => {
    const { bytes, content } = fixture(name);
    const parsed = parseTranscript(content, format);
    expect(parsed.format).toBe(format);
    expect(Buffer.from(writeTranscript(parsed.segments), "utf8").equals(bytes)).toBe(true);
  });

  it("keeps the fixtures' line endings and BOM as written on disk", () => {
    expect([...fixture("imo-interview-crlf-bom.srt").bytes.subarray(0, 6)]).toEqual([0xef, 0xbb, 0xbf, 0x31, 0x0d, 0x0a]);
    expect(fixture("press-briefing-crlf.vtt").content).toMatch(/^WEBVTT\r\n\r\n1\r\n/);
    expect(fixture("imo-interview-an8-lf.srt").content).not.toContain("\r");
  });

  it.each([
    ["LF", "1\n00:00:01,000 --> 00:00:02,000\nHello\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n"],
    ["CR", "1\r00:00:01,000 --> 00:00:02,000\rHello\rthere\r\r2\r00:00:03,000 --> 00:00:04,000\rBye\r"],
    ["mixed", "1\r\n00:00:01,000 --> 00:00:02,000\nHello\rthere\r\n\n2\r00:00:03,000 --> 00:00:04,000\r\nBye"],
  ])("parses SRT with %s line endings", (_name, content) => {
    const parsed = parseTranscript(content, "srt");
    expect(writeTranscript(parsed.segments)).toBe(content);
    expect(parsed.cueCount).toBe(2);
    const [first, second] = textSegments(parsed.segments);
    expect(first?.text.split(/\r\n|\r|\n/)).toEqual(["Hello", "there"]);
    expect(first?.location).toEqual({ line: 3, cue: 1, start: "00:00:01,000" });
    expect(second).toEqual(cue("Bye", 8, 2, "00:00:03,000"));
  });

  it.each(TRANSCRIPT_FORMATS)("parses empty and blank %s input to zero cues", (format) => {
    for (const content of ["", "\uFEFF", "\n\n", "\r\n  \r\n"]) {
      const parsed = parseTranscript(content, format);
      expect(parsed.cueCount).toBe(0);
      expect(textSegments(parsed.segments)).toEqual([]);
      expect(writeTranscript(parsed.segments)).toBe(content);
    }
    expect(parseTranscript("", format).segments).toEqual([]);
  });

  it("round-trips a generated 2,000-cue file", () => {
    const blocks: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const ms = i * 2500;
      const time = (t: number) =>
        `${String(Math.floor(t / 3_600_000)).padStart(2, "0")}:${String(Math.floor(t / 60_000) % 60).padStart(2, "0")}:` +
        `${String(Math.floor(t / 1000) % 60).padStart(2, "0")},${String(t % 1000).padStart(3, "0")}`;
      const payload = i % 3 === 0 ? `<i>Line ${i}</i>\r\nsecond line` : `Opus Odima said ${i}.`;
      blocks.push(`${i % 7 === 0 ? "" : `${i + 1}\r\n`}${time(ms)} --> ${time(ms + 2000)}\r\n${payload}\r\n`);
    }
    const content = `\uFEFF${blocks.join("\r\n")}`;
    const parsed = parseTranscript(content, "srt");
    expect(writeTranscript(parsed.segments)).toBe(content);
    expect(parsed.cueCount).toBe(2000);
    const texts = textSegments(parsed.segments);
    expect(texts).toHaveLength(2000);
    const lastLine = content.slice(0, content.lastIndexOf("Opus Odima said 1999.")).split("\r\n").length;
    expect(texts.at(-1)).toEqual(cue("Opus Odima said 1999.", lastLine, 2000, "01:23:17,500"));
  });
});

describe("SRT segments", () => {
  it("splits a CRLF file with BOM, <i> tags and two-line cues", () => {
    const { content } = fixture("imo-interview-crlf-bom.srt");
    const parsed = parseTranscript(content, "srt");
    expect(parsed.cueCount).toBe(5);
    expect(textSegments(parsed.segments)).toEqual([
      cue("Good evening and welcome to <i>Politics Today</i>.", 3, 1, "00:00:00,640"),
      cue("My guest tonight is the governor\r\nof Imo State, Opus Odima.", 7, 2, "00:00:03,480"),
      cue("<i>Thank you for having me.</i>", 12, 3, "00:00:07,400"),
      cue("Governor, let's start with security\r\nin <i>Owerri</i> and the south-east.", 16, 4, "00:00:11,300"),
      cue("Security remains our first priority,\r\nand we have made real progress.", 21, 5, "00:00:16,020"),
    ]);
    const raw = rawSegments(parsed.segments);
    expect(raw[0]).toBe("\uFEFF1\r\n00:00:00,640 --> 00:00:03,200\r\n");
    expect(raw.at(-1)).toBe("\r\n\r\n");
  });

  it("splits an LF file with missing cue numbers, {\\an8} tags and an empty cue", () => {
    const parsed = parseTranscript(fixture("imo-interview-an8-lf.srt").content, "srt");
    expect(parsed.cueCount).toBe(6);
    expect(textSegments(parsed.segments)).toEqual([
      cue("{\\an8}[NEWS JINGLE]", 3, 1, "00:00:01,000"),
      cue("Opus Odima addressed reporters\nat Government House this morning.", 6, 2, "00:00:04,800"),
      cue("{\\an8}OWERRI, IMO STATE\nWe are rebuilding the roads.", 11, 3, "00:00:08,450"),
      cue("- Governor, what about the budget?\n- It has been passed.", 15, 4, "00:00:11,250"),
      cue("The assembly approved it on Tuesday.", 23, 6, "00:00:16,300"),
    ]);
  });

  it("leaves extra blank lines, trailing spaces, coordinates and indentation raw", () => {
    const parsed = parseTranscript(fixture("lecture-messy-spacing.srt").content, "srt");
    expect(parsed.cueCount).toBe(3);
    expect(textSegments(parsed.segments)).toEqual([
      cue("Today we look at how speech recognition   \n   handles proper names.", 5, 1, "0:00:02.100"),
      cue("Names like Uzodinma are often misheard.", 12, 2, "00:00:05,600"),
      cue("The model writes what it hears.", 16, 3, "00:00:09,250"),
    ]);
    const raw = rawSegments(parsed.segments);
    expect(raw[1]).toBe("\n\n\n\n2\n00:00:05,600 --> 00:00:09,000 X1:100 X2:620 Y1:40 Y2:80\n\t");
    expect(raw[2]).toBe(" \n   \n3\n00:00:09,250-->00:00:12,400\n");
    expect(raw.at(-1)).toBe("\n\n   ");
  });

  it.each(Object.entries(FIXTURES).filter(([, format]) => format === "srt"))(
    "keeps only cue numbers, timings and blank lines raw in %s",
    (name) => {
      const raw = rawSegments(parseTranscript(fixture(name).content, "srt").segments).join("").replace(/^\uFEFF/, "");
      for (const line of raw.split(/\r\n|\r|\n/)) expect(line.trim()).toMatch(SRT_STRUCTURE_LINE);
    },
  );

  it("starts a new cue at a timing line even when the blank line before it is missing", () => {
    const content = "1\n00:00:01,000 --> 00:00:02,000\nHello\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n00:00:05,000 --> 00:00:06,000\nAgain";
    const parsed = parseTranscript(content, "srt");
    expect(parsed.cueCount).toBe(3);
    expect(textSegments(parsed.segments)).toEqual([
      cue("Hello", 3, 1, "00:00:01,000"),
      cue("World", 6, 2, "00:00:03,000"),
      cue("Again", 8, 3, "00:00:05,000"),
    ]);
  });

  it("keeps numbers and arrows that are part of the spoken text", () => {
    const content = "1\n00:00:01,000 --> 00:00:02,000\n2024\nwas a good year --> really\n";
    expect(textSegments(parseTranscript(content, "srt").segments)).toEqual([
      cue("2024\nwas a good year --> really", 3, 1, "00:00:01,000"),
    ]);
  });
});

describe("WebVTT segments", () => {
  it("keeps the header, NOTE, STYLE, REGION blocks, identifiers and settings raw", () => {
    const { content } = fixture("imo-interview-styled.vtt");
    const parsed = parseTranscript(content, "vtt");
    expect(parsed.cueCount).toBe(4);
    expect(textSegments(parsed.segments)).toEqual([
      cue("<v Host>Welcome back to Politics Today.", 21, 1, "00:00.500"),
      cue("<v Host>With me is Governor <c.yellow>Opus Odima</c>\nof Imo State.", 27, 2, "00:03.250"),
      cue("<v Opus Odima>Thank you. It is good to be here.", 31, 3, "00:08.100"),
      cue("<v Opus Odima><i>We</i> have <b>paid</b> every pension arrear.", 35, 4, "01:02:03.000"),
    ]);
    const raw = rawSegments(parsed.segments);
    expect(raw[0]).toBe(content.slice(0, content.indexOf("<v Host>Welcome")));
    expect(raw[0]).toMatch(/NOTE\nAuto-generated.*\n\nSTYLE\n.*\n\nREGION\n.*\n\nintro\n00:00\.500 --> 00:03\.000 align:start position:10%\n$/s);
    expect(raw[1]).toBe("\n\nNOTE the name below is misrecognised\n\nguest-1\n00:03.250 --> 00:07.800 region:lower line:85%\n");
    for (const text of raw) expect(text).not.toMatch(/Opus|<v /);
  });

  it("splits a CRLF file", () => {
    const parsed = parseTranscript(fixture("press-briefing-crlf.vtt").content, "vtt");
    expect(parsed.cueCount).toBe(3);
    expect(textSegments(parsed.segments)).toEqual([
      cue("Good morning, everyone.", 5, 1, "00:00:00.000"),
      cue("The governor will take\r\nthree questions today.", 9, 2, "00:00:02.800"),
      cue("<v Reporter>Is the airport project on schedule?", 14, 3, "00:00:06.400"),
    ]);
    expect(rawSegments(parsed.segments).at(-2)).toBe("\r\n\r\n3\r\n00:00:06.400 --> 00:00:09.000 line:0 align:end\r\n");
  });

  it("accepts a header-only file, a BOM, and a cue right after the header", () => {
    expect(parseTranscript("WEBVTT\n", "vtt").cueCount).toBe(0);
    const content = "\uFEFFWEBVTT\n00:01.000 --> 00:02.000\nHi";
    const parsed = parseTranscript(content, "vtt");
    expect(textSegments(parsed.segments)).toEqual([cue("Hi", 3, 1, "00:01.000")]);
    expect(writeTranscript(parsed.segments)).toBe(content);
  });
});

describe("plain text segments", () => {
  it("makes one text segment per non-empty line", () => {
    const parsed = parseTranscript(fixture("imo-interview-transcript.txt").content, "text");
    expect(parsed.cueCount).toBe(0);
    const line = (text: string, n: number) => ({ text, location: { line: n, cue: null, start: null } });
    expect(textSegments(parsed.segments)).toEqual([
      line("Politics Today - interview transcript", 1),
      line("HOST: Good evening. My guest is the governor of Imo State, Opus Odima.", 3),
      line("GOVERNOR: Thank you for having me.", 4),
      line("HOST: Let's talk about security in Owerri.", 7),
      line("GOVERNOR: It remains our first priority.", 8),
    ]);
    expect(rawSegments(parsed.segments)).toEqual(["\n\n", "\n", "  \n\n\n", "\n  ", "\n"]);
  });

  it("does not treat timing-like lines as structure", () => {
    const content = "1\n00:00:01,000 --> 00:00:02,000\nHello";
    expect(textSegments(parseTranscript(content, "text").segments).map((s) => s.text)).toEqual([
      "1",
      "00:00:01,000 --> 00:00:02,000",
      "Hello",
    ]);
  });
});

describe("editing", () => {
  it.each([
    ["imo-interview-crlf-bom.srt", "srt"],
    ["imo-interview-styled.vtt", "vtt"],
    ["imo-interview-transcript.txt", "text"],
  ] as const)("changes only the edited bytes of %s", (name, format) => {
    const { bytes, content } = fixture(name);
    const segments = parseTranscript(content, format).segments;
    const index = segments.findIndex((s) => s.kind === "text" && s.text.includes("Opus Odima"));
    const target = segments[index];
    if (target?.kind !== "text") throw new Error(`no text segment names Opus Odima in ${name}`);
    const edited = segments.map((s, i) => (i === index ? { ...target, text: target.text.replace("Opus Odima", "Hope Uzodinma") } : s));
    const output = Buffer.from(writeTranscript(edited), "utf8");

    const change = changedBytes(bytes, output);
    // "Opus Odima" and "Hope Uzodinma" share their last two letters, so the minimal diff stops before them.
    expect(change).toEqual({ offset: bytes.indexOf("Opus Odima"), removed: "Opus Odi", added: "Hope Uzodin" });
    expect(output.toString("utf8")).toBe(content.slice(0, content.indexOf("Opus Odima")) + "Hope Uzodinma" + content.slice(content.indexOf("Opus Odima") + 10));
  });

  it("keeps CRLF line breaks around a rewritten multi-line cue", () => {
    const { content } = fixture("imo-interview-crlf-bom.srt");
    const segments = parseTranscript(content, "srt").segments.map((s) =>
      s.kind === "text" && s.location.cue === 4 ? { ...s, text: "Governor, let's start with security." } : s,
    );
    const output = writeTranscript(segments);
    expect(output).toContain("\r\n00:00:11,300 --> 00:00:15,800\r\nGovernor, let's start with security.\r\n\r\n5\r\n");
    expect(output.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});

describe("malformed input", () => {
  it.each<[string, TranscriptFormat, string, number, string | RegExp, string[]]>([
    [
      "an SRT timing without milliseconds",
      "srt",
      "1\n00:00:01 --> 00:00:02\nHello\n",
      2,
      '"00:00:01 --> 00:00:02" is not a valid SRT timing (expected 00:00:01,000 --> 00:00:02,000).',
      [],
    ],
    ["SRT minutes above 59", "srt", "1\n00:61:00,000 --> 00:62:00,000\nHello\n", 2, '"00:61:00,000" is not a valid time: minutes must be 00 to 59.', []],
    [
      "SRT seconds above 59 in a later cue",
      "srt",
      "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 --> 00:00:60,000\nThere\n",
      6,
      '"00:00:60,000" is not a valid time: seconds must be 00 to 59.',
      ["Hi"],
    ],
    ["an SRT cue that ends before it starts", "srt", "1\n00:00:05,000 --> 00:00:01,000\nHi\n", 2, "The cue ends at 00:00:01,000, before it starts at 00:00:05,000.", []],
    [
      "text after the SRT end time that is not a coordinate",
      "srt",
      "1\n00:00:01,000 --> 00:00:02,000 position:10%\nHi\n",
      2,
      /^"00:00:01,000 --> 00:00:02,000 position:10%" is not a valid SRT timing/,
      [],
    ],
    [
      "an SRT cue number followed by text",
      "srt",
      "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\nHello there\n",
      6,
      'Expected the timing of cue number 2, such as 00:00:01,000 --> 00:00:02,000, but found "Hello there".',
      ["Hi"],
    ],
    [
      "an SRT cue number at the end of the file",
      "srt",
      "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n",
      5,
      "Cue number 2 is not followed by a timing line such as 00:00:01,000 --> 00:00:02,000.",
      ["Hi"],
    ],
    [
      "an SRT cue with a blank line inside its text",
      "srt",
      "1\n00:00:01,000 --> 00:00:02,000\nHello\n\nworld\n",
      5,
      '"world" is neither a cue number nor an SRT timing line. If it is text of the cue above, remove the blank line before it.',
      ["Hello"],
    ],
    ["SRT with CRLF line endings", "srt", "1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n\r\n2\r\n00:00:03,000 -> 00:00:04,000\r\n", 6, /^Expected the timing of cue number 2/, ["Hi"]],
    ["SRT with CR line endings", "srt", "1\r00:00:01,000 --> 00:00:02,000\rHi\r\r\r2\r00:00:03,000 --> 00:00:04\r", 7, /not a valid SRT timing/, ["Hi"]],
    ["SRT with a BOM", "srt", "\uFEFF1\n0:0:1,000 --> 0:0:2,000\n", 2, /not a valid SRT timing/, []],
    [
      "a WebVTT timing written SRT-style",
      "vtt",
      "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n",
      3,
      '"00:00:01,000 --> 00:00:02,000" is not a valid WebVTT timing (expected 00:00:01.000 --> 00:00:02.000). WebVTT needs a dot, not a comma, before the milliseconds.',
      [],
    ],
    ["WebVTT hour-less minutes above 59", "vtt", "WEBVTT\n\n60:00.000 --> 61:00.000\nHi\n", 3, '"60:00.000" is not a valid time: minutes must be 00 to 59.', []],
    ["a WebVTT cue that ends before it starts", "vtt", "WEBVTT\n\n00:05.000 --> 00:04.999\nHi\n", 3, "The cue ends at 00:04.999, before it starts at 00:05.000.", []],
    [
      "a WebVTT identifier followed by text",
      "vtt",
      "WEBVTT\r\n\r\nintro\r\nHello\r\n",
      4,
      'Expected the timing of cue identifier "intro", such as 00:00:01.000 --> 00:00:02.000, but found "Hello".',
      [],
    ],
    ["a WebVTT identifier at the end of the file", "vtt", "WEBVTT\n\nintro", 3, 'Cue identifier "intro" is not followed by a timing line such as 00:00:01.000 --> 00:00:02.000.', []],
  ])("skips %s, leaving it as it is", (_name, format, content, line, reason, kept) => {
    const parsed = parseTranscript(content, format);
    expect(parsed.skipped).toHaveLength(1);
    expect(parsed.skipped[0]!.line).toBe(line);
    if (typeof reason === "string") expect(parsed.skipped[0]!.reason).toBe(reason);
    else expect(parsed.skipped[0]!.reason).toMatch(reason);
    expect(writeTranscript(parsed.segments)).toBe(content);
    // Only cues read in full are offered for cleaning: never a skipped cue's text.
    expect(textSegments(parsed.segments).map((s) => s.text)).toEqual(kept);
  });

  it("cleans the cues around a bad one and reports it with its line (real file, defect 7)", () => {
    const bytes = readFileSync(new URL("../testing/fixtures/real/text/sources/bad-timing.srt", import.meta.url));
    const content = bytes.toString("utf8");
    const parsed = parseTranscript(content, "srt");
    expect(parsed.cueCount).toBe(2);
    expect(textSegments(parsed.segments)).toEqual([cue("The first cue is fine.", 3, 1, "00:00:01,000"), cue("The fourth cue is fine again.", 15, 2, "00:00:06,000")]);
    expect(parsed.skipped).toEqual([
      { line: 6, reason: '"00:00:61,000" is not a valid time: seconds must be 00 to 59.' },
      { line: 10, reason: 'Expected the timing of cue number 3, such as 00:00:01,000 --> 00:00:02,000, but found "00:00:04,000 -> 00:00:05,000".' },
    ]);
    const edited = parsed.segments.map((s) => (s.kind === "text" ? { ...s, text: s.text.replace("fine", "good") } : s));
    expect(writeTranscript(edited)).toBe(content.replace("first cue is fine", "first cue is good").replace("fourth cue is fine", "fourth cue is good"));
  });

  it.each<[string, string, number, string]>([
    ["a WebVTT file without the header", "00:00.000 --> 00:01.000\nHi\n", 1, 'Line 1: a WebVTT file must start with a "WEBVTT" line, but it starts with "00:00.000 --> 00:01.000".'],
    ["a WebVTT header glued to other text", "\uFEFF\nWEBVTTX\n", 2, 'Line 2: a WebVTT file must start with a "WEBVTT" line, but it starts with "WEBVTTX".'],
  ])("refuses %s: it is not a WebVTT file", (_name, content, line, message) => {
    const error = parseError(() => parseTranscript(content, "vtt"));
    expect(error.line).toBe(line);
    expect(error.name).toBe("TranscriptFormatError");
    expect(error.message).toBe(message);
  });

  it("shortens very long lines in reasons", () => {
    const { skipped } = parseTranscript(`1\n${"x".repeat(500)} --> nope\n`, "srt");
    expect(skipped[0]!.reason.length).toBeLessThan(160);
    expect(skipped[0]!.reason).toContain("…");
  });
});

describe("detectTranscriptFormat", () => {
  it.each(Object.entries(FIXTURES))("recognises %s from its content and from its name", (name, format) => {
    const { content } = fixture(name);
    expect(detectTranscriptFormat(content)).toBe(format);
    expect(detectTranscriptFormat(content, name)).toBe(format);
  });

  it.each<[string, string | undefined, TranscriptFormat]>([
    ["", "talk.SRT", "srt"],
    ["", "talk.vtt", "vtt"],
    ["", "captions/talk.webvtt", "vtt"],
    ["", undefined, "text"],
    ["\uFEFF\r\nWEBVTT\r\n", undefined, "vtt"],
    ["WEBVTT", "misnamed.srt", "vtt"],
    ["WEBVTTX\n", undefined, "text"],
    ["Just a transcript.\nNo timings here.", "notes.txt", "text"],
    ["1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n", "subtitles.txt", "srt"],
    ["00:00:01.000 --> 00:00:02.000\nHi", undefined, "srt"],
    ["Then she said --> go", undefined, "text"],
    // A timing written wrong still says subtitles: read as SRT, the bad cue is reported (#20 item 5).
    ["1\n00:00:01 --> 00:00:04\nHi\n", "pasted.txt", "srt"],
    ["1\n0:00:01,5 -> 0:00:04,0\nHi\n", undefined, "srt"],
  ])("detects %j named %s as %s", (content, filename, format) => {
    expect(detectTranscriptFormat(content, filename)).toBe(format);
  });
});

describe("describeLocation", () => {
  it("names the cue and its start time, or the line", () => {
    expect(describeLocation({ line: 40, cue: 12, start: "00:01:02,500" })).toBe("cue 12 (00:01:02,500)");
    expect(describeLocation({ line: 4, cue: null, start: null })).toBe("line 4");
    expect(describeLocation({ line: 9, cue: 3, start: null })).toBe("cue 3");
  });
});

describe("assertSomeCueRead", () => {
  it("refuses a subtitle file none of whose cues can be read, and keeps one with a single bad cue (#20 item 5)", () => {
    expect(() => assertSomeCueRead(parseTranscript("Just a transcript.\nNo timings here.\n", "srt"))).toThrow(
      /^This is not an SRT file: none of its cues could be read \(line 1: "Just a transcript\." is neither a cue number nor an SRT timing line\..*choose Plain text/,
    );
    expect(() => assertSomeCueRead(parseTranscript("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", "vtt"))).toThrow(/^This is not a WebVTT file/);
    const oneBad = parseTranscript("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03 --> 00:00:04\nBye\n", "srt");
    expect(oneBad.skipped).toHaveLength(1);
    expect(() => assertSomeCueRead(oneBad)).not.toThrow();
    for (const [content, format] of [["", "srt"], ["Prose only.", "text"], ["WEBVTT\n", "vtt"]] as const) {
      expect(() => assertSomeCueRead(parseTranscript(content, format))).not.toThrow();
    }
  });
});
