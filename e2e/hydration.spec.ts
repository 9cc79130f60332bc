import { expect, test } from "./fixtures";
import { gotoHydrated, waitForHydration } from "./hydration";

// #20 item 14 / 'What to build' 2: specs wait for hydration (e2e/hydration.ts) instead of sleeping.
test.describe("the hydration mark", () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px it is set by the browser once React has hydrated, never by the server, and survives client-side navigation`, async ({ page, signInAs, browser }) => {
      await page.setViewportSize(viewport);
      // The server's HTML does not carry it: a spec waiting on it cannot pass before the script ran.
      const html = await (await page.request.get("/login")).text();
      expect(html).toContain("<html");
      expect(html).not.toContain("data-hydrated");

      await gotoHydrated(page, "/login");
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

      await signInAs("member");
      await waitForHydration(page);
      if (viewport.width === 1440) {
        // The sidebar's link navigates in the browser: the document, and its mark, stay.
        await page.getByRole("navigation").getByRole("link", { name: "Search", exact: true }).first().click();
        await expect(page).toHaveURL(/\/t\/demo\/search/);
        await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
      }

      // Without JavaScript the page never hydrates, and the mark never comes.
      const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await noScript.goto("/login");
      await expect(noScript.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
      await expect(noScript.locator("html")).not.toHaveAttribute("data-hydrated", "true");
      await noScript.context().close();
    });
  }
});
