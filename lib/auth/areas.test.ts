import { describe, expect, it } from "vitest";
import { AREAS, areasFor, canOpenArea } from "./areas";
import { ROLES } from "./permissions";

describe("workspace areas by role", () => {
  // Issue #20, item 7: the navigation led viewers to Audit, API and Settings, which had nothing for them.
  it("opens each area to exactly the roles that can use it", () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, areasFor(role).map((area) => area.segment)]));
    expect(table).toEqual({
      owner: ["documents", "search", "corrections", "dashboard", "members", "settings", "audit", "api"],
      admin: ["documents", "search", "corrections", "dashboard", "members", "settings", "audit", "api"],
      // Settings for the corrections and glossary import; no audit log, no API keys.
      member: ["documents", "search", "corrections", "dashboard", "members", "settings"],
      viewer: ["documents", "search", "corrections", "dashboard", "members"],
    });
  });

  it("answers canOpenArea as the navigation lists", () => {
    for (const role of ROLES) for (const area of AREAS) expect(canOpenArea(role, area.segment)).toBe(areasFor(role).includes(area));
  });
});
