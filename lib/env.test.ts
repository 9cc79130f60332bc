import path from "node:path";
import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("defaults to the embedded database under ./data", () => {
    const env = readEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.pgliteDir).toBe(path.resolve("data", "pglite"));
    expect(env.storageDir).toBe(path.resolve("data", "files"));
    expect(env.PORT).toBe(3000);
    expect(env.SEED_DEMO_DATA).toBe(true);
  });

  it("treats an empty DATABASE_URL as unset and honours overrides", () => {
    const env = readEnv({ DATABASE_URL: "  ", DATA_DIR: "/tmp/x", STORAGE_DIR: "/srv/files", PORT: "4000", SEED_DEMO_DATA: "false" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.pgliteDir).toBe("/tmp/x/pglite");
    expect(env.storageDir).toBe("/srv/files");
    expect(env.PORT).toBe(4000);
    expect(env.SEED_DEMO_DATA).toBe(false);
  });

  it("lists every invalid setting and points at .env.example", () => {
    const message = (() => {
      try {
        readEnv({ PORT: "abc", DATABASE_POOL_MAX: "0" });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/^\s+PORT: /m);
    expect(message).toMatch(/^\s+DATABASE_POOL_MAX: /m);
    expect(message).toMatch(/\.env\.example/);
  });
});
