import { describe, expect, it } from "vitest";
import { emailDomain, grantsFor, normaliseRuleValue, ruleFieldsSchema, ruleInputSchema, ruleMatches, ssoClaimsSchema, type RuleLike } from "./claims";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

describe("SSO claims", () => {
  it("reads the email in lower case, email_verified as a boolean or its string, and one group as a list", () => {
    expect(ssoClaimsSchema.parse({ sub: "1", email: " Ann@Example.COM ", email_verified: "true", groups: "staff" })).toEqual({
      sub: "1",
      email: "ann@example.com",
      email_verified: true,
      groups: ["staff"],
    });
    expect(ssoClaimsSchema.parse({ sub: "1", email_verified: false }).email_verified).toBe(false);
    expect(ssoClaimsSchema.safeParse({ email: "a@b.co" }).success).toBe(false);
  });

  it("takes the domain after the last @", () => {
    expect(emailDomain("ann@Sub.Example.com")).toBe("sub.example.com");
  });
});

describe("SSO rules", () => {
  const identity = { email: "ann@example.com", groups: ["knowledge-team"] };

  it("match a domain exactly and case-insensitively, never a subdomain or a look-alike", () => {
    expect(ruleMatches({ kind: "email_domain", value: "Example.com" }, identity)).toBe(true);
    expect(ruleMatches({ kind: "email_domain", value: "example.co" }, identity)).toBe(false);
    expect(ruleMatches({ kind: "email_domain", value: "example.com" }, { ...identity, email: "ann@mail.example.com" })).toBe(false);
    expect(ruleMatches({ kind: "email_domain", value: "example.com" }, { ...identity, email: "ann@evil-example.com" })).toBe(false);
  });

  it("match a group by its exact name", () => {
    expect(ruleMatches({ kind: "group", value: "knowledge-team" }, identity)).toBe(true);
    expect(ruleMatches({ kind: "group", value: "Knowledge-Team" }, identity)).toBe(false);
  });

  it("give each workspace the highest role of its matching rules, and never the owner role", () => {
    const rules: RuleLike[] = [
      { tenantId: A, kind: "email_domain", value: "example.com", role: "viewer" },
      { tenantId: A, kind: "group", value: "knowledge-team", role: "admin" },
      { tenantId: A, kind: "group", value: "other", role: "admin" },
      { tenantId: B, kind: "group", value: "knowledge-team", role: "owner" },
    ];
    expect(Object.fromEntries(grantsFor(rules, identity))).toEqual({ [A]: "admin" });
  });

  it("store a domain without its @ and in lower case, and a group as written", () => {
    expect(normaliseRuleValue("email_domain", " @Example.COM ")).toBe("example.com");
    expect(normaliseRuleValue("group", " Team A ")).toBe("Team A");
  });

  it("refuse the owner role, a domain with a name in front, and control characters in a group, each in words", () => {
    const role = ruleFieldsSchema.safeParse({ kind: "group", value: "x", role: "owner" });
    expect(role.success || role.error.issues[0]!.message).toMatch(/never makes owners/);
    const domain = ruleInputSchema.safeParse({ kind: "email_domain", value: "ann@example.com", role: "member" });
    expect(domain.success || domain.error.issues[0]!.message).toMatch(/such as example.com/);
    expect(ruleInputSchema.safeParse({ kind: "email_domain", value: "@example.com", role: "member" }).success).toBe(true);
    expect(ruleInputSchema.safeParse({ kind: "group", value: "a\u0000b", role: "member" }).success).toBe(false);
    expect(ruleInputSchema.safeParse({ kind: "group", value: "  ", role: "member" }).success).toBe(false);
  });
});
