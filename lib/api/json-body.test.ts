import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJsonBody } from "./json-body";

const schema = z.object({ query: z.string().max(5, "Keep it short."), n: z.number().default(1) });
const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseJsonBody", () => {
  it("decodes, parses and validates, defaults included; an empty body is an empty object", () => {
    expect(parseJsonBody(bytes('{"query":"abc"}'), schema)).toEqual({ ok: true, input: { query: "abc", n: 1 } });
    expect(parseJsonBody(new Uint8Array(), z.object({}))).toEqual({ ok: true, input: {} });
  });

  it("says what is wrong as data, naming the field apart from the message", () => {
    expect(parseJsonBody(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), schema)).toMatchObject({ ok: false, code: "bad_request:encoding" });
    expect(parseJsonBody(bytes("{broken"), schema)).toMatchObject({ ok: false, code: "bad_request:json", message: "The request body is not valid JSON." });
    expect(parseJsonBody(bytes("[".repeat(40) + "]".repeat(40)), schema)).toMatchObject({ ok: false, code: "bad_request:json", message: "The JSON body nests deeper than 32 levels." });
    expect(parseJsonBody(bytes('{"query":"toolong"}'), schema)).toEqual({ ok: false, code: "bad_request:input", message: "Keep it short.", field: "query" });
    expect(parseJsonBody(bytes('{"query":"a\\u0000"}'), schema)).toEqual({ ok: false, code: "bad_request:input", message: "Text may not contain NUL (U+0000) characters.", field: "query" });
  });
});
