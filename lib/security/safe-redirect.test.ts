import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirectPath("/t/demo/documents")).toBe("/t/demo/documents");
    expect(safeRedirectPath("/t/demo/search?q=a%20b#top")).toBe("/t/demo/search?q=a%20b#top");
    expect(safeRedirectPath("/invite/abc")).toBe("/invite/abc");
  });

  it("refuses every way found to leave the site", () => {
    for (const target of [
      "//evil.example/x",
      "/\\evil.example/x",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "https://evil.example/",
      "http:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      " /t/demo",
      "/\u0000",
    ]) {
      expect(safeRedirectPath(target), JSON.stringify(target)).toBe("/");
    }
  });

  it("refuses what is not a string, with the fallback given", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/t/demo"], "/login")).toBe("/login");
  });

  it("answers a normalised path, so dot segments cannot climb out", () => {
    expect(safeRedirectPath("/t/../../x")).toBe("/x");
    expect(safeRedirectPath("/%2e%2e/%2e%2e/x")).toBe("/x");
  });
});

describe("next-auth's redirect callback", () => {
  const baseUrl = "http://console.example";
  const redirect = async (url: string) => (await import("@/lib/auth/options")).authOptions.callbacks!.redirect!({ url, baseUrl });

  it("sends sign-in and sign-out callbacks to this site only", async () => {
    expect(await redirect("/t/demo/documents")).toBe(`${baseUrl}/t/demo/documents`);
    expect(await redirect(`${baseUrl}/login?notice=password-reset`)).toBe(`${baseUrl}/login?notice=password-reset`);
    expect(await redirect("/\\evil.example/x")).toBe(`${baseUrl}/`);
    expect(await redirect("https://evil.example/x")).toBe(`${baseUrl}/`);
    expect(await redirect(`${baseUrl}.evil.example/x`)).toBe(`${baseUrl}/`);
  });
});
