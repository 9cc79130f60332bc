import { describe, expect, it } from "vitest";
import { decodeText, unicodeByteOrderMark } from "./text-encoding";

const SAMPLE = "Zoë’s café: 10 € — ok";
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
const utf32 = (text: string, littleEndian: boolean) => {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const view = new DataView(new ArrayBuffer(points.length * 4));
  points.forEach((point, i) => view.setUint32(i * 4, point, littleEndian));
  return new Uint8Array(view.buffer);
};
const concat = (...parts: ArrayLike<number>[]) => new Uint8Array(parts.flatMap((p) => [...Array.from(p)]));

describe("decodeText", () => {
  it.each([
    ["UTF-8", concat([0xef, 0xbb, 0xbf], Buffer.from(SAMPLE))],
    ["UTF-16LE", concat([0xff, 0xfe], Buffer.from(SAMPLE, "utf16le"))],
    ["UTF-16BE", concat([0xfe, 0xff], utf16be(SAMPLE))],
    ["UTF-32LE", concat([0xff, 0xfe, 0, 0], utf32(SAMPLE, true))],
    ["UTF-32BE", concat([0, 0, 0xfe, 0xff], utf32(SAMPLE, false))],
  ])("reads %s by its byte order mark, without the mark", (encoding, bytes) => {
    expect(decodeText(bytes)).toEqual({ text: SAMPLE, encoding });
    expect(unicodeByteOrderMark(bytes)).toBe(encoding === "UTF-8" ? null : encoding);
  });

  it("recognises UTF-16 and UTF-32 without a byte order mark by their NUL bytes", () => {
    expect(decodeText(Buffer.from(SAMPLE, "utf16le"))).toEqual({ text: SAMPLE, encoding: "UTF-16LE" });
    expect(decodeText(utf16be(SAMPLE))).toEqual({ text: SAMPLE, encoding: "UTF-16BE" });
    expect(decodeText(utf32(SAMPLE, true))).toEqual({ text: SAMPLE, encoding: "UTF-32LE" });
    expect(decodeText(utf32("ASCII only", false))).toEqual({ text: "ASCII only", encoding: "UTF-32BE" });
  });

  it("reads valid UTF-8 as UTF-8, control characters and all", () => {
    expect(decodeText(Buffer.from(SAMPLE))).toEqual({ text: SAMPLE, encoding: "UTF-8" });
    const log = "\u001b[32mPASS\u001b[0m one\n\u001b[31mFAIL\u001b[0m two\n";
    expect(decodeText(Buffer.from(log))).toEqual({ text: log, encoding: "UTF-8" });
  });

  it("guesses a legacy encoding when the bytes are not UTF-8", () => {
    const latin = Buffer.from("Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade, \x93quoted\x94 \x80 10", "latin1");
    expect(decodeText(latin)).toEqual({ text: "Café crème brûlée, naïve façade, “quoted” € 10", encoding: "windows-1252" });
    // Given a few bytes chardet names UTF-8 or UTF-32, which the bytes have already been ruled out as.
    expect(decodeText(Buffer.from("Caf\xe9", "latin1"))).toEqual({ text: "Café", encoding: "windows-1252" });
    expect(decodeText(new Uint8Array([0xc3, 0x28]))).toEqual({ text: "Ã(", encoding: "windows-1252" });
  });

  it("accepts a character cut at the end of a partial head only", () => {
    const head = Buffer.from("Grüße aus Köln").subarray(0, 3);
    expect(decodeText(head, { partial: true })).toEqual({ text: "Gr", encoding: "UTF-8" });
    const oddUtf16 = concat([0xff, 0xfe], Buffer.from("Hello", "utf16le"), [0x41]);
    expect(decodeText(oddUtf16, { partial: true })?.text).toBe("Hello");
    expect(decodeText(oddUtf16)).toBeNull();
  });

  it("refuses what is not text in any encoding", () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
    expect(decodeText(exe)).toBeNull();
    const random = new Uint8Array(4096).map((_, i) => (Math.imul(i + 1, 2654435761) >>> 13) & 255);
    expect(decodeText(random)).toBeNull();
    random.set([0xff, 0xfe]);
    expect(decodeText(random)).toBeNull();
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xfd, 0x80, 0x81]))).toBeNull();
    expect(decodeText(Buffer.from("text\u0000with a NUL"))).toBeNull();
  });
});
