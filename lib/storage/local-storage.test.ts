import { mkdtemp, readdir, rm } from "node:fs/promises";
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

  it("refuses a content key that is not a SHA-256", () => {
    expect(() => contentKey({ tenantId: "t", sha256: "../../etc/passwd" })).toThrow(/SHA-256/);
  });
});
