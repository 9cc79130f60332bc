import { expect, test } from "./fixtures";
import { gotoHydrated } from "./hydration";

test.describe("security headers", () => {
  test("pages carry a nonce-based policy, work under it, and no script is refused", async ({ page, signInAs }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    const response = await gotoHydrated(page, "/login");
    const headers = response!.headers();
    const policy = headers["content-security-policy"]!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
    // Next.js put this response's nonce on its scripts; another request gets another one.
    expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
    const second = (await page.request.get("/login")).headers()["content-security-policy"]!;
    expect(second).not.toContain(nonce);

    // The app hydrates and runs under the policy: signing in and a client-side page work.
    await signInAs("owner");
    await page.getByRole("link", { name: "Search" }).click();
    await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("an injected script in user data is shown as text and never runs", async ({ page, signInAs }) => {
    await signInAs("admin");
    const name = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> ${Date.now()}`;
    const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText: name, entityType: "person" } });
    expect(created.status()).toBe(201);
    await gotoHydrated(page, "/t/demo/corrections/glossary");
    await page.getByRole("searchbox", { name: "Search the glossary" }).fill("onerror");
    await expect(page.getByText(name).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
