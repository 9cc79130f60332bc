import { describe, expect, it } from "vitest";
import { roleChangeRefusal } from "./role-rules";

describe("roleChangeRefusal", () => {
  it.each([
    // actor, current, new, owners, refused?
    ["owner", "member", "owner", 1, null],
    ["owner", "owner", "admin", 2, null],
    ["owner", "owner", null, 2, null],
    ["admin", "member", "viewer", 1, null],
    ["admin", "admin", "member", 1, null],
    ["admin", "viewer", null, 1, null],
    ["admin", "member", "owner", 1, /only an owner can make/i],
    ["admin", "owner", "admin", 2, /only an owner can change or remove/i],
    ["admin", "owner", null, 2, /only an owner can change or remove/i],
    ["owner", "owner", "admin", 1, /last owner/i],
    ["owner", "owner", null, 1, /last owner/i],
    ["owner", "owner", "owner", 1, null],
  ] as const)("%s changing %s to %s with %i owner(s)", (actorRole, currentRole, newRole, ownerCount, expected) => {
    const refusal = roleChangeRefusal({ actorRole, currentRole, newRole, ownerCount });
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });
});
