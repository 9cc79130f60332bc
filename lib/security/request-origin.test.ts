import { describe, expect, it } from "vitest";
import { appUrl, browserUrl, readEnv } from "@/lib/env";
import { requestOrigin } from "./request-origin";

const h = (entries: Record<string, string>) => new Headers(entries);

describe("requestOrigin", () => {
  it("without trusted proxies, is the Host the browser sent, over http, and ignores forwarded headers", () => {
    expect(requestOrigin(h({ host: "192.168.1.20:3000" }), 0)).toBe("http://192.168.1.20:3000");
    expect(requestOrigin(h({ host: "console.lan:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }), 0)).toBe("http://console.lan:3000");
    expect(requestOrigin(h({ host: "[::1]:3000" }), 0)).toBe("http://[::1]:3000");
  });

  it("behind trusted proxies, is what the outermost one forwarded: X-Forwarded-Host and -Proto, else Host over http", () => {
    expect(requestOrigin(h({ host: "127.0.0.1:3000", "x-forwarded-host": "kb.example.com", "x-forwarded-proto": "https" }), 1)).toBe("https://kb.example.com");
    expect(requestOrigin(h({ host: "kb.example.com:8080" }), 1)).toBe("http://kb.example.com:8080");
    // Two proxies that each append: the entry two places from the end; a client's own claim further left is never used.
    expect(requestOrigin(h({ host: "app:3000", "x-forwarded-host": "forged.example, kb.example.com, edge.internal", "x-forwarded-proto": "http, https, http" }), 2)).toBe("https://kb.example.com");
    // Fewer entries than hops: the farthest one there is.
    expect(requestOrigin(h({ host: "app:3000", "x-forwarded-host": "kb.example.com" }), 3)).toBe("http://kb.example.com");
    expect(requestOrigin({ host: "app:3000", "x-forwarded-host": "KB.Example.com", "x-forwarded-proto": "HTTPS" }, 1)).toBe("https://kb.example.com");
  });

  it("is undefined for a missing or malformed host or an unknown scheme, so links fall back to the configured URL", () => {
    expect(requestOrigin(h({}), 0)).toBeUndefined();
    expect(requestOrigin(h({ host: "evil.example/path" }), 0)).toBeUndefined();
    expect(requestOrigin(h({ host: "a@b.example" }), 0)).toBeUndefined();
    expect(requestOrigin(h({ host: "kb.example.com", "x-forwarded-proto": "javascript" }), 1)).toBeUndefined();
    expect(requestOrigin(h({ host: "kb.example.com:99999" }), 0)).toBeUndefined();
  });
});

describe("links: appUrl for messages that leave the console, browserUrl for links shown in the browser", () => {
  it("PUBLIC_URL, when set, is the base of both", () => {
    const env = readEnv({ PUBLIC_URL: "https://kb.example.com", NEXTAUTH_URL: "http://localhost:3000" });
    expect(appUrl("/invite/abc", env)).toBe("https://kb.example.com/invite/abc");
    expect(browserUrl("/invite/abc", "http://192.168.1.20:3000", env)).toBe("https://kb.example.com/invite/abc");
  });

  it("without it, emails use NEXTAUTH_URL (else localhost:PORT) and the browser its own origin", () => {
    const env = readEnv({ NEXTAUTH_URL: "http://localhost:3000" });
    expect(appUrl("/invite/abc", env)).toBe("http://localhost:3000/invite/abc");
    expect(browserUrl("/invite/abc", "http://192.168.1.20:3000", env)).toBe("http://192.168.1.20:3000/invite/abc");
    expect(browserUrl("/invite/abc", undefined, env)).toBe("http://localhost:3000/invite/abc");
    expect(appUrl("/reset/x", readEnv({ PORT: "4100" }))).toBe("http://localhost:4100/reset/x");
  });

  it("PUBLIC_URL must be an http(s) URL", () => {
    expect(() => readEnv({ PUBLIC_URL: "kb.example.com" })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ PUBLIC_URL: "ftp://kb.example.com" })).toThrow(/PUBLIC_URL/);
    expect(readEnv({ PUBLIC_URL: "" }).PUBLIC_URL).toBeUndefined();
  });
});
