import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { gotoHydrated } from "./hydration";

const CHART_TITLES = [
  "Queries over time",
  "Latency percentiles",
  "Feedback over time",
  "Quality score distribution",
  "Queries by mode",
  "Evaluation-set scores per run",
  "Documents by status",
  "Corrections applied per day",
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const kpi = (page: Page, label: string) => page.getByTestId(`kpi-${label}`).getByTestId("kpi-value");
const chart = (page: Page, title: string) => page.locator("figure").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

/** How far a table's content overflows the card that scrolls it (0: it fits). */
async function overflowOf(page: Page, testId: string) {
  return page.getByTestId(testId).locator(".overflow-x-auto").evaluate((el) => el.scrollWidth - el.clientWidth);
}

test.describe("dashboard", () => {
  test("a viewer reads every chart, switches the range, opens a worst-rated query and exports the runs", async ({ page, signInAs }) => {
    await signInAs("viewer");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/dashboard$/);

    for (const title of CHART_TITLES) {
      const chart = page.locator("figure").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
      // Charts are drawn when scrolled into view (components/charts/lazy-charts.tsx).
      await chart.scrollIntoViewIfNeeded();
      await expect(chart.getByRole("application"), title).toBeVisible();
      await expect(chart.getByText("No data in this range."), title).toHaveCount(0);
    }
    await page.screenshot({ path: test.info().outputPath("dashboard-30d.png"), fullPage: true });

    const monthly = Number((await kpi(page, "Queries").textContent())!.replace(/,/g, ""));
    expect(monthly).toBeGreaterThan(0);
    await page.getByRole("button", { name: "24 h" }).click();
    await expect(page).toHaveURL(/range=24h/);
    await expect(page.getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
    await expect(kpi(page, "Queries")).not.toHaveText(monthly.toLocaleString("en-GB"));
    await page.getByLabel("Mode").selectOption("semantic");
    await expect(page).toHaveURL(/mode=semantic/);

    // Whole days in the past, so nothing the other specs do changes the figures under the test.
    await gotoHydrated(page, `/t/demo/dashboard?range=custom&from=${day(-10)}&to=${day(-3)}`);
    await expect(page.getByRole("button", { name: "Custom" })).toHaveAttribute("aria-pressed", "true");
    const queries = Number((await kpi(page, "Queries").textContent())!.replace(/,/g, ""));
    expect(queries).toBeGreaterThan(0);

    const downloadEvent = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export runs (CSV)" }).click();
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe(`demo-search-runs-${day(-10)}-to-${day(-2)}.csv`);
    const csv = Papa.parse<Record<string, string>>(await readFile((await download.path())!, "utf8"), { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.meta.fields).toEqual(["id", "created_at", "query", "mode", "latency_ms", "result_count", "quality_score", "user_feedback", "comment", "token_count"]);
    expect(csv.data).toHaveLength(queries);
    for (const row of csv.data) {
      expect((row.created_at ?? "") >= `${day(-10)}T00:00:00`).toBe(true);
      expect((row.created_at ?? "") < `${day(-2)}T00:00:00`).toBe(true);
    }

    const worst = page.getByTestId("worst-rated").getByRole("link").first();
    const query = (await worst.textContent())!;
    await worst.click();
    await expect(page.getByTestId("run-query")).toHaveText(`“${query}”`);
    await expect(page.getByTestId("run-feedback")).toHaveText("No result helped");
    await expect(page.getByRole("heading", { name: "Sources" })).toBeVisible();
  });

  test("one search in a range shows its latency as a dot, and the period reads “the day before”", async ({ page, signInAs, browser }) => {
    await signInAs("owner");
    const { person, slug } = await freshPersonWithWorkspace(browser, page, "one-point");
    const search = await person.request.post(`/api/t/${slug}/search`, { data: { query: "a single search in a new workspace" } });
    expect(search.status()).toBe(200);

    await gotoHydrated(person, `/t/${slug}/dashboard?range=24h`);
    await expect(person.getByText(/compared with the day before\./)).toBeVisible();
    await expect(kpi(person, "Queries")).toHaveText("1");
    // One hour of 24 holds a value: no line can join it, so each percentile is a dot.
    const latency = chart(person, "Latency percentiles");
    await latency.scrollIntoViewIfNeeded();
    await expect(latency.getByRole("application")).toBeVisible();
    await expect(latency.locator("circle.lone-point")).toHaveCount(3);
    await latency.screenshot({ path: test.info().outputPath("one-point.png") });

    await person.getByRole("button", { name: "7 d" }).click();
    await expect(person.getByText(/compared with the 7 days before\./)).toBeVisible();
    await expect(latency.locator("circle.lone-point")).toHaveCount(3);
  });

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    test(`at ${viewport.width} px the evaluation chart shows one score at a time and the worst-rated table shows its “When” column`, async ({ page, signInAs }) => {
      await page.setViewportSize(viewport);
      await signInAs("viewer");
      await gotoHydrated(page, "/t/demo/dashboard");
      const evaluation = chart(page, "Evaluation-set scores per run");
      await evaluation.scrollIntoViewIfNeeded();
      await expect(evaluation.getByRole("application")).toBeVisible();

      // One line per mode for the chosen score, not every mode times every score.
      const picker = evaluation.getByRole("group", { name: "Score shown" });
      await expect(picker.getByRole("button", { name: "Recall@k" })).toHaveAttribute("aria-pressed", "true");
      const lines = evaluation.locator(".recharts-line");
      await expect(lines.first()).toBeVisible();
      expect(await lines.count()).toBeLessThanOrEqual(3);
      await expect(evaluation.locator(".recharts-legend-wrapper")).not.toContainText("MRR");
      await expect(async () => {
        await picker.getByRole("button", { name: "MRR" }).click();
        await expect(picker.getByRole("button", { name: "MRR" })).toHaveAttribute("aria-pressed", "true", { timeout: 1_000 });
      }).toPass();
      await expect(evaluation.locator(".recharts-legend-wrapper")).toContainText("MRR");
      await expect(evaluation.locator(".recharts-legend-wrapper")).not.toContainText("Recall@k");
      expect(await lines.count()).toBeLessThanOrEqual(3);
      // And by keyboard.
      await picker.getByRole("button", { name: "nDCG@10" }).focus();
      await page.keyboard.press("Enter");
      await expect(picker.getByRole("button", { name: "nDCG@10" })).toHaveAttribute("aria-pressed", "true");

      const when = page.getByTestId("worst-rated").getByTestId("worst-rated-when").first();
      await expect(when).toHaveText(/\d{4}, \d{2}:\d{2}$/);
      if (viewport.width >= 1024) {
        // Wide enough for the table as it is: nothing hidden behind a scroll bar.
        expect(await overflowOf(page, "worst-rated")).toBe(0);
        const card = (await page.getByTestId("worst-rated").boundingBox())!;
        const cell = (await when.boundingBox())!;
        expect(cell.x + cell.width).toBeLessThanOrEqual(card.x + card.width);
      } else {
        // A phone scrolls the table inside its card; the page itself never scrolls sideways.
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      }
      await page.screenshot({ path: test.info().outputPath(`dashboard-${viewport.width}.png`), fullPage: true });
      await evaluation.screenshot({ path: test.info().outputPath(`evaluation-${viewport.width}.png`) });
      await page.getByTestId("worst-rated").screenshot({ path: test.info().outputPath(`worst-rated-${viewport.width}.png`) });
    });
  }
});
