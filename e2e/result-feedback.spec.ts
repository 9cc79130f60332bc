import { seriousViolations } from "./axe";
import { expect, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated } from "./hydration";

// #20 item 10: each result is rated on its own, by pointer or keyboard, at both widths.
test.describe("per-result feedback", () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px each result has its own helpful / not helpful, kept per result and shown on the run's page`, async ({ page, signInAs }) => {
      await page.setViewportSize(viewport);
      const tag = `okapi${viewport.width}x${Date.now()}`;
      await signInAs("member");
      const documents = new DocumentsPage(page);
      await documents.goto("demo");
      await documents.upload([
        { name: `${tag}-a.md`, mimeType: "text/markdown", buffer: Buffer.from(`# Okapi\n\nThe ${tag} badge opens the north door.`) },
        { name: `${tag}-b.md`, mimeType: "text/markdown", buffer: Buffer.from(`# Doors\n\nA lost ${tag} badge is replaced at reception.`) },
      ]);
      await expect(page.getByRole("status").filter({ hasText: "2 sent" })).toBeVisible();
      // Read the list afresh: at 390 px the list once stayed without the new files (left for the documents work).
      await documents.goto("demo");
      // A busy machine may take a while to process them.
      for (const name of [`${tag}-a.md`, `${tag}-b.md`]) {
        await expect(documents.row(name).getByTestId("document-status")).toHaveAttribute("data-status", "completed", { timeout: 45_000 });
      }

      // The tag alone: only these two documents hold it. The server runs the search and sends its results with the page.
      await gotoHydrated(page, `/t/demo/search?q=${tag}&mode=fulltext`);
      const cards = page.getByTestId("search-result");
      await expect(cards).toHaveCount(2);
      const runId = await page.locator("section[data-run-id]").getAttribute("data-run-id");
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
      const [first, second] = [cards.nth(0), cards.nth(1)];
      const helpful = first.getByRole("group", { name: "Was result 1 helpful?" }).getByRole("button", { name: "Helpful", exact: true });
      await expect(helpful).toHaveAttribute("aria-pressed", "false");
      await helpful.click();
      await expect(helpful).toHaveAttribute("aria-pressed", "true");
      await expect(first.getByRole("status")).toHaveText("Recorded");

      // The keyboard rates the second result: Tab to it, Space presses it.
      const notHelpful = second.getByRole("button", { name: "Not helpful" });
      await second.getByRole("button", { name: "Helpful", exact: true }).focus();
      await page.keyboard.press("Tab");
      await expect(notHelpful).toBeFocused();
      await page.keyboard.press("Space");
      await expect(notHelpful).toHaveAttribute("aria-pressed", "true");
      // The follow-up sits under that result, not below the whole list.
      await expect(second.getByTestId("not-helpful-follow-up")).toBeVisible();
      await expect(first.getByTestId("not-helpful-follow-up")).toHaveCount(0);
      await second.getByLabel("What was wrong?").fill("Only about replacements");
      await second.getByRole("button", { name: "Send comment" }).click();
      await expect(second.getByText("Comment saved with this search.")).toBeVisible();

      // Nothing spills sideways, and the controls are whole on screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      const box = (await notHelpful.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: test.info().outputPath(`result-feedback-${viewport.width}.png`), fullPage: false });
      expect(await seriousViolations(page)).toEqual([]);

      // Pressing the pressed one takes the rating back.
      await helpful.click();
      await expect(helpful).toHaveAttribute("aria-pressed", "false");

      const run = await (await page.request.get(`/api/t/demo/evaluation-runs/${runId}`)).json();
      expect(run.userFeedback).toBe("thumbs_down");
      expect(run.sources.map((s: { rating: string | null }) => s.rating)).toEqual([null, "thumbs_down"]);

      // The run's page names each result's rating.
      await gotoHydrated(page, `/t/demo/dashboard/runs/${runId}`);
      await expect(page.getByTestId("run-feedback")).toHaveText("No result helped");
      await expect(page.getByTestId("source-rating")).toHaveText(["—", "Not helpful"]);
      await expect(page.getByTestId("run-comment")).toContainText("Only about replacements");
    });
  }
});
