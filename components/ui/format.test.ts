import { describe, expect, it } from "vitest";
import { plural } from "./format";

describe("plural", () => {
  it("uses the singular for exactly one, the plural otherwise", () => {
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(0, "day")).toBe("0 days");
    expect(plural(7, "day")).toBe("7 days");
  });

  it("takes an irregular plural and groups thousands", () => {
    expect(plural(1, "query", "queries")).toBe("1 query");
    expect(plural(1234, "query", "queries")).toBe("1,234 queries");
  });
});
