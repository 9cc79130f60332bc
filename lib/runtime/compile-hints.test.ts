import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT } from "./compile-hints";

describe("addCompileHints", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-hints-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("puts the hint first in every script, nested folders included, once, and leaves other files alone", async () => {
    await mkdir(path.join(dir, "app"));
    await writeFile(path.join(dir, "a.js"), '(globalThis.TURBOPACK||[]).push(["a"]);\n');
    await writeFile(path.join(dir, "app", "b.js"), "console.log(1)");
    await writeFile(path.join(dir, "c.css"), "body{}");

    expect(await addCompileHints(dir)).toEqual({ marked: 2, scripts: 2 });
    expect(await readFile(path.join(dir, "a.js"), "utf8")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||[]).push(["a"]);\n`);
    expect(await readFile(path.join(dir, "app", "b.js"), "utf8")).toBe(`${COMPILE_HINT}console.log(1)`);
    expect(await readFile(path.join(dir, "c.css"), "utf8")).toBe("body{}");

    expect(await addCompileHints(dir)).toEqual({ marked: 0, scripts: 2 });
    expect(await readFile(path.join(dir, "a.js"), "utf8")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||[]).push(["a"]);\n`);
  });

  it("says which folder is missing when there is no build", async () => {
    await expect(addCompileHints(path.join(dir, "missing"))).rejects.toThrow(/missing/);
  });
});
