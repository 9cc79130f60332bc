import { seriousViolations } from "./axe";
import { expect, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";
import { EvaluationPage } from "./pages/evaluation-page";
import { gotoHydrated } from "./hydration";

// #20 item 10: an evaluation run, query by query, with wins and losses against the run before.
test.describe("evaluation per query", () => {
  test("a member runs a set twice and reads each query's scores, first results and what got worse, at 1440 and 390 px", async ({ page, signInAs }) => {
    test.setTimeout(180_000);
    const tag = `kudu${Date.now().toString(36)}`;
    await signInAs("member");
    const documents = new DocumentsPage(page);
    await documents.goto("demo");
    // Names that sort first, so the set's document list (the first 100 by name) holds them.
    const [a, b] = [`0eval-${tag}-a.md`, `0eval-${tag}-b.md`];
    await documents.upload([
      { name: a, mimeType: "text/markdown", buffer: Buffer.from(`# Badges\n\nThe ${tag} badge opens the north door.`) },
      { name: b, mimeType: "text/markdown", buffer: Buffer.from(`# Reception\n\nA lost ${tag} card is replaced at reception.`) },
    ]);
    for (const name of [a, b]) await documents.expectStatus(name, "completed");

    const evaluation = new EvaluationPage(page);
    await evaluation.goto("demo");
    await evaluation.createSet(`Per query ${tag}`);
    await evaluation.addQuery(`${tag} badge north door`, a);
    await evaluation.addQuery(`${tag} card replaced reception`, b);

    // Before any run, the per-query view says so.
    const setUrl = new URL(page.url());
    const setId = setUrl.searchParams.get("set")!;
    await gotoHydrated(page, `/t/demo/search/evaluation/${setId}`);
    await expect(page.getByTestId("report-empty")).toContainText("has not been run yet");

    const run = async () => {
      await evaluation.goto("demo");
      await page.getByRole("button", { name: `Per query ${tag}` }).click();
      await page.getByRole("button", { name: "Run evaluation" }).click();
      await expect(page.getByText("Evaluation finished.")).toBeVisible({ timeout: 30_000 });
    };
    await run();
    // A document that repeats the first query's words pushes the labelled one down in full-text.
    await documents.goto("demo");
    await documents.upload([{ name: `0eval-${tag}-c.md`, mimeType: "text/markdown", buffer: Buffer.from(`# ${tag} badge north door\n\n${tag} badge north door. ${tag} badge north door.`) }]);
    await documents.expectStatus(`0eval-${tag}-c.md`, "completed");
    await run();

    await page.getByRole("link", { name: "Each query of the latest run, with wins and losses" }).click();
    await expect(page.getByRole("heading", { name: `Per query ${tag}: each query`, level: 1 })).toBeVisible();
    await page.getByRole("navigation", { name: "Mode" }).getByRole("link", { name: "Full-text" }).click();
    await expect(page).toHaveURL(/mode=fulltext/);
    await expect(page.getByTestId("report-comparison")).toContainText("0 better, 1 worse, 1 unchanged");

    // Sorted by change, worst first: the first query, with its results by rank and no raw score.
    const cards = page.getByTestId("report-query");
    await expect(cards).toHaveCount(2);
    const worse = cards.first();
    await expect(worse.getByRole("heading", { level: 2 })).toHaveText(`“${tag} badge north door”`);
    await expect(worse.getByTestId("report-change")).toContainText("Worse by −");
    const results = worse.getByTestId("report-result");
    await expect(results.first()).toContainText("#1");
    await expect(results.first()).toContainText(`0eval-${tag}-c.md`);
    await expect(results.first()).toContainText("not labelled");
    await expect(worse.getByTestId("report-result").filter({ hasText: a })).toContainText("expected");
    await expect(results.first().locator("mark").first()).toBeVisible();
    await expect(worse.getByTestId("report-score-fulltext")).toBeVisible();

    // Only the losses; then none got better.
    await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: "Worse" }).click();
    await expect(page).toHaveURL(/filter=worse/);
    await expect(cards).toHaveCount(1);
    await page.getByRole("navigation", { name: "Show" }).getByRole("link", { name: "Better" }).click();
    await expect(page).toHaveURL(/filter=better/);
    await expect(page.getByTestId("report-no-match")).toContainText("No query got better in Full-text");
    await page.getByRole("link", { name: "Show all queries" }).click();
    await expect(cards).toHaveCount(2);
    // Sorted by query text, the other way round.
    await page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: "Query" }).click();
    await expect(page).toHaveURL(/sort=query&dir=asc/);
    await expect(cards.first().getByRole("heading", { level: 2 })).toHaveText(`“${tag} badge north door”`);
    await page.getByRole("navigation", { name: "Sort" }).getByRole("link", { name: /Query/ }).click();
    await expect(page).toHaveURL(/sort=query&dir=desc/);
    await expect(cards.first().getByRole("heading", { level: 2 })).toHaveText(`“${tag} card replaced reception”`);

    // The earlier run, picked from the list, has nothing to compare with.
    await page.getByRole("combobox", { name: "Run" }).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page.getByTestId("report-comparison")).toContainText("The first run of this set");
    await page.screenshot({ path: test.info().outputPath("evaluation-report-1440.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goBack();
    await expect(page.getByTestId("report-comparison")).toContainText("1 worse");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: test.info().outputPath("evaluation-report-390.png"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
