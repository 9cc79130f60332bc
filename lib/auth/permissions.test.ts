import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can, ROLE_PERMISSIONS, ROLES, SCOPE_LABELS, SCOPES } from "./permissions";

// The README's table, cell by cell: the documentation and the enforcement cannot drift apart.
function readmeMatrix(): Map<string, Record<string, boolean>> {
  const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const table = readme.split("<!-- permissions:start -->")[1]!.split("<!-- permissions:end -->")[0]!;
  const lines = table.trim().split("\n");
  const header = lines[0]!.split("|").map((c) => c.trim()).filter(Boolean).slice(1);
  const matrix = new Map<string, Record<string, boolean>>();
  for (const line of lines.slice(2)) {
    const [scope, ...cells] = line.split("|").map((c) => c.trim()).filter(Boolean);
    matrix.set(scope!.replaceAll("`", ""), Object.fromEntries(header.map((role, i) => [role, cells[i] === "✓"])));
  }
  return matrix;
}

describe("permission matrix", () => {
  const matrix = readmeMatrix();

  it("documents exactly the scopes the code defines", () => {
    expect([...matrix.keys()]).toEqual([...SCOPES]);
  });

  for (const role of ROLES) {
    for (const scope of SCOPES) {
      it(`${role} ${matrix.get(scope)?.[role] ? "may" : "may not"} ${scope}`, () => {
        expect(can(role, scope)).toBe(matrix.get(scope)![role]);
      });
    }
  }

  it("gives each higher role everything the role below it has", () => {
    const order = ["viewer", "member", "admin", "owner"] as const;
    for (let i = 1; i < order.length; i++) {
      for (const scope of ROLE_PERMISSIONS[order[i - 1]!]) expect(can(order[i]!, scope)).toBe(true);
    }
  });

  it("labels every scope for the Members page", () => {
    for (const scope of SCOPES) expect(SCOPE_LABELS[scope]).toBeTruthy();
  });
});
