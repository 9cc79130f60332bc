import { expect, test } from "./fixtures";
import { gotoHydrated } from "./hydration";

// Issue #20, item 9: errors named the field ("evaluation_runs: Enter a whole number…"), showed twice
// (above the form and beside the field), stayed after the field was cleared; the query box had no counter.
test.describe("errors for people", () => {
  test("a bad retention period is explained once, beside its field, and goes when the field is cleared", async ({ page, signInAs }) => {
    await signInAs("owner");
    await gotoHydrated(page, "/t/demo/settings");
    const field = page.getByLabel("Evaluation runs (days)");
    // Typed before hydration, the value never reaches the form's state: type until Save notices it.
    await expect(async () => {
      await field.fill("");
      await field.fill("0.5");
      await expect(page.getByRole("button", { name: "Save retention" })).toBeEnabled({ timeout: 1_000 });
    }).toPass();
    await page.getByRole("button", { name: "Preview" }).click();
    const message = "Use a whole number of days, or leave it blank to keep them forever.";
    await expect(page.getByText(message)).toHaveCount(1);
    await expect(page.getByText("evaluation_runs")).toHaveCount(0);
    await field.fill("");
    await expect(page.getByText(message)).toHaveCount(0);
  });

  test("the query box counts characters near its limit, and an over-long query is refused in words", async ({ page, signInAs }) => {
    await signInAs("member");
    await gotoHydrated(page, "/t/demo/search");
    const box = page.getByRole("searchbox", { name: "Search query" });
    // The counter is drawn by the page's script: type until it has hydrated.
    await expect(async () => {
      await box.fill("");
      await box.fill("a ".repeat(230));
      await expect(page.getByText("460 / 500 characters")).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await box.fill("b".repeat(600));
    await expect(box).toHaveValue("b".repeat(500));
    await expect(page.getByText("500 / 500 characters: the longest query there can be.")).toBeVisible();

    await gotoHydrated(page, `/t/demo/search?q=${"c".repeat(600)}`);
    await expect(page.getByText("Keep the query under 500 characters.")).toBeVisible();
    await expect(page.getByText(/query: /)).toHaveCount(0);
  });
});
