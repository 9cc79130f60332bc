import { describe, expect, it } from "vitest";
import { updateProfileAction } from "@/lib/accounts/actions";
import { runAction } from "./define-action";
import { assertCleanAddress, assertNoNulCharacters } from "./nul-characters";

describe("NUL characters in input", () => {
  it("names the field that holds one, nested or in a key", () => {
    expect(() => assertNoNulCharacters({ a: { b: ["ok", "x\u0000y"] } })).toThrow(/^a\.b\.1: text may not contain NUL/);
    expect(() => assertNoNulCharacters({ "k\u0000": 1 })).toThrow(/^input: /);
    expect(() => assertNoNulCharacters({ a: "fine", n: 3, nothing: null })).not.toThrow();
  });

  it("refuses one in a server action's input with a 400-type error before any service runs", async () => {
    const user = { id: "00000000-0000-4000-8000-000000000001", email: "nul@example.test", name: "Nul", isSuperuser: false };
    const result = await runAction(updateProfileAction, { user }, { fullName: "Ann\u0000Nul" });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: "bad_request:input", message: expect.stringContaining("fullName") }) });
  });
});

describe("a route request's address", () => {
  const refusal = (url: string, params: Record<string, string | undefined> = {}, headers: Record<string, string> = {}) => {
    try {
      assertCleanAddress({ url, headers: new Headers(headers) }, params);
      return null;
    } catch (error) {
      const e = error as { code: string; field?: string };
      return { code: e.code, field: e.field };
    }
  };

  it("refuses a control character in the workspace it names, in the path, ?tenant= or X-Tenant", () => {
    expect(refusal("http://x/api/t/a/documents", { slug: "a\u0000" })).toEqual({ code: "bad_request:tenant", field: undefined });
    expect(refusal("http://x/api/v1/search?tenant=a%1B")).toEqual({ code: "bad_request:tenant", field: undefined });
    expect(refusal("http://x/api/v1/search", {}, { "x-tenant": "a\u0007" })).toEqual({ code: "bad_request:tenant", field: undefined });
  });

  it("refuses a control character in any other path parameter, and a NUL in any query parameter, naming it", () => {
    expect(refusal("http://x/api/t/a/documents/1", { slug: "a", id: "1\u001b" })).toEqual({ code: "bad_request:input", field: "id" });
    expect(refusal("http://x/api/v1/glossary?q=a%00b")).toEqual({ code: "bad_request:input", field: "q" });
    expect(refusal("http://x/api/v1/glossary?a%00=b")).toEqual({ code: "bad_request:input", field: undefined });
  });

  it("lets any other text through, a tab in a query value included", () => {
    expect(refusal("http://x/api/t/a/documents/1?q=%27%3B%20DROP%09x&tenant=demo", { slug: "a", id: "1" }, { "x-tenant": "demo" })).toBeNull();
  });
});
