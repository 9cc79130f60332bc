import { describe, expect, it } from "vitest";
import { updateProfileAction } from "@/lib/accounts/actions";
import { runAction } from "./define-action";
import { assertNoNulCharacters } from "./nul-characters";

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
