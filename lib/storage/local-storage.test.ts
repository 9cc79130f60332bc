import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStorage } from "./local-storage";
import { contentKey } from "./object-storage";

describe("LocalStorage", () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "tkc-storage-"));
    storage = new LocalStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("stores, reads and deletes by content key, leaving no temp files", async () => {
    const key = contentKey({ tenantId: "7f1c", sha256: "ab".repeat(32) });
    expect(key).toBe(`tenants/7f1c/ab/${"ab".repeat(32)}`);
    await storage.put(key, new TextEncoder().encode("hello"));
    expect(new TextDecoder().decode(await storage.get(key))).toBe("hello");
    expect(await storage.exists(key)).toBe(true);
    expect(await readdir(path.join(root, "tenants", "7f1c", "ab"))).toEqual(["ab".repeat(32)]);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
  });

  it.each(["../escape", "a/../../b", "/absolute", "with space", "a//b", ""])("refuses the unsafe key %j", async (key) => {
    await expect(storage.put(key, new Uint8Array())).rejects.toThrow(/unsafe storage key/);
  });

  it("lists objects and temporary files, and removes only temporary ones with deleteTemporary", async () => {
    const key = contentKey({ tenantId: "7f1c", sha256: "cd".repeat(32) });
    await storage.put(key, new TextEncoder().encode("kept"));
    const upload = path.relative(root, await storage.tempPath()).split(path.sep).join("/");
    await writeFile(path.join(root, upload), "half");
    await writeFile(path.join(root, `${key}.0b1c-2d.tmp`), "torn");
    await writeFile(path.join(root, "tenants", "notes.txt"), "not ours");
    const listed = [];
    for await (const entry of storage.list()) listed.push({ key: entry.key, temporary: entry.temporary, size: entry.size });
    expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key, temporary: false, size: 4 },
      { key: `${key}.0b1c-2d.tmp`, temporary: true, size: 4 },
      { key: upload, temporary: true, size: 4 },
    ]);
    await expect(storage.deleteTemporary(key)).rejects.toThrow(/not a temporary file/);
    await expect(storage.deleteTemporary("tmp/../../etc.upload")).rejects.toThrow(/not a temporary file/);
    await storage.deleteTemporary(upload);
    await storage.deleteTemporary(`${key}.0b1c-2d.tmp`);
    const left = [];
    for await (const entry of storage.list()) left.push(entry.key);
    expect(left).toEqual([key]);
  });

  it("lists nothing when nothing was ever stored", async () => {
    const empty = new LocalStorage(path.join(root, "never-created"));
    const listed = [];
    for await (const entry of empty.list()) listed.push(entry);
    expect(listed).toEqual([]);
  });

  it("refuses a content key that is not a SHA-256", () => {
    expect(() => contentKey({ tenantId: "t", sha256: "../../etc/passwd" })).toThrow(/SHA-256/);
  });
});
