import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSharedBuffers, oidcSettings, readEnv } from "./env";

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

describe("the embedded database's page cache", () => {
  it("takes a sixteenth of the machine's memory, between 128MB and 1GB, unless set", () => {
    const GB = 2 ** 30;
    expect(defaultSharedBuffers(1 * GB)).toBe("128MB");
    expect(defaultSharedBuffers(8 * GB)).toBe("512MB");
    expect(defaultSharedBuffers(64 * GB)).toBe("1024MB");
    expect(readEnv({}).PGLITE_SHARED_BUFFERS).toBe(defaultSharedBuffers());
    expect(readEnv({ PGLITE_SHARED_BUFFERS: "256MB" }).PGLITE_SHARED_BUFFERS).toBe("256MB");
  });
});

describe("single sign-on settings", () => {
  it("are off unless issuer, client id and secret are all set, and name the button", () => {
    expect(oidcSettings(readEnv({}))).toBeNull();
    const env = readEnv({ OIDC_ISSUER: "https://id.example.com/realms/acme", OIDC_CLIENT_ID: "console", OIDC_CLIENT_SECRET: "s3cret", OIDC_NAME: "Acme ID" });
    expect(oidcSettings(env)).toEqual({ issuer: "https://id.example.com/realms/acme", clientId: "console", clientSecret: "s3cret", name: "Acme ID" });
    expect(oidcSettings(readEnv({ OIDC_ISSUER: "http://127.0.0.1:3402", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" }))?.name).toBe("single sign-on");
  });

  it("refuse half a configuration and an issuer that is not an http(s) URL", () => {
    expect(() => readEnv({ OIDC_ISSUER: "https://id.example.com" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/);
    expect(() => readEnv({ OIDC_ISSUER: "ftp://id.example.com", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" })).toThrow(/OIDC_ISSUER/);
  });
});
