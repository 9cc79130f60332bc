import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { needsBuild } from "./build-state";

describe("needsBuild", () => {
  let root: string;
  const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "tkc-build-"));
    await mkdir(path.join(root, "app", "nested"), { recursive: true });
    await writeFile(path.join(root, "app", "nested", "page.tsx"), "x");
    await utimes(path.join(root, "app", "nested", "page.tsx"), at(0), at(0));
    await utimes(path.join(root, "app", "nested"), at(0), at(0));
    await utimes(path.join(root, "app"), at(0), at(0));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("is true without a build, false after one, and true again when a source changes", async () => {
    expect(needsBuild(root)).toBe(true);
    await mkdir(path.join(root, ".next"));
    await writeFile(path.join(root, ".next", "BUILD_ID"), "id");
    await utimes(path.join(root, ".next", "BUILD_ID"), at(10), at(10));
    expect(needsBuild(root)).toBe(false);
    await utimes(path.join(root, "app", "nested", "page.tsx"), at(20), at(20));
    expect(needsBuild(root)).toBe(true);
  });
});
