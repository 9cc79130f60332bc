import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// db/ is the bottom layer: lib/ services build on it, never the other way round (an import of the
// worker from db/client.ts once closed a circle through ingest, retention, audit and tenancy). The
// one exception is the parsed configuration, lib/env.ts, which itself imports nothing of ours.
// Outside the rule: tests, and the seed script with its demo data, which fill the database through
// the services like any other caller.

const ROOT = process.cwd();
const ALLOWED_FROM_LIB = new Set(["lib/env.ts"]);

const isRuntimeModule = (file: string) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "db/seed.ts" && !file.startsWith("db/demo/");

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = `${dir}/${name}`;
    return statSync(path.join(ROOT, file)).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Every module specifier in a file: static imports and re-exports, side-effect and dynamic imports. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The project file a specifier names (relative to the root), or null for a package. */
function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.join(path.dirname(from), specifier) : null;
  if (base === null) return null;
  const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => existsSync(path.join(ROOT, candidate)) && statSync(path.join(ROOT, candidate)).isFile());
  if (!found) throw new Error(`${from} imports ${specifier}, which does not resolve to a file`);
  return found;
}

/** The project modules the entries reach through their imports, the entries included. */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    for (const specifier of specifiers(readFileSync(path.join(ROOT, file), "utf8"))) {
      const target = resolve(file, specifier);
      if (target) stack.push(target);
    }
  }
  return seen;
}

describe("db/ depends on nothing in lib/", () => {
  const runtime = filesUnder("db").filter(isRuntimeModule);

  it("finds the modules it checks, with the imports they are known to have", () => {
    expect(runtime).toEqual(expect.arrayContaining(["db/client.ts", "db/connect.ts", "db/open-configured.ts", "db/migrate.ts", "db/schema/index.ts"]));
    expect(specifiers(readFileSync(path.join(ROOT, "db/connect.ts"), "utf8"))).toContain("./connection-lost");
    expect(specifiers(`import "server-only";\nconst m = await import("@/lib/x");\nexport { y } from "./y";`)).toEqual(["server-only", "@/lib/x", "./y"]);
  });

  it("reaches no module of lib/ from any of its own, directly or through others, but the configuration", () => {
    const fromLib = [...reachable(runtime)].filter((file) => file.startsWith("lib/"));
    expect(fromLib.filter((file) => !ALLOWED_FROM_LIB.has(file))).toEqual([]);
  });
});
