import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import { expect, test } from "./fixtures";

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
const kpi = (page: import("@playwright/test").Page, label: string) => page.getByTestId(`kpi-${label}`).getByTestId("kpi-value");

test.describe("dashboard", () => {
  test("a viewer reads every chart, switches the range, opens a worst-rated query and exports the runs", async ({ page, signInAs }) => {
    await signInAs("viewer");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/dashboard$/);

    for (const title of CHART_TITLES) {
      const chart = page.locator("figure").filter({ has: page.getByRole("heading", { name: title, exact: true }) });
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
    await page.goto(`/t/demo/dashboard?range=custom&from=${day(-10)}&to=${day(-3)}`);
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
    await expect(page.getByTestId("run-feedback")).toHaveText("Thumbs down");
    await expect(page.getByRole("heading", { name: "Sources" })).toBeVisible();
  });
});
