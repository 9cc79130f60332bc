import { expect, type Page } from "@playwright/test";
import { gotoHydrated } from "../hydration";

/** Search → Evaluation sets, and the "Tune ranking" section of a set with labelled queries. */
export class EvaluationPage {
  constructor(private readonly page: Page) {}

  /** Opens the page and waits until the set list has loaded in the browser (so the page has hydrated). */
  async goto(slug: string) {
    await gotoHydrated(this.page, `/t/${slug}/search/evaluation`);
    await expect(this.page.getByRole("heading", { name: "Evaluation sets", level: 1 })).toBeVisible();
    const sets = this.page.getByRole("list", { name: "Evaluation sets" });
    await expect(sets.getByText("No evaluation sets yet.").or(sets.getByRole("button").first())).toBeVisible();
  }

  async createSet(name: string) {
    await this.page.getByLabel("New set name").fill(name);
    await this.page.getByRole("button", { name: "Create set" }).click();
    await expect(this.page.getByRole("heading", { name, level: 2 })).toBeVisible();
  }

  /** Adds a labelled query expecting one document, and waits until the set lists it. */
  async addQuery(query: string, filename: string) {
    await this.page.getByLabel("Query", { exact: true }).fill(query);
    await this.page.getByLabel("Document that should come back").selectOption({ label: filename });
    await this.page.getByRole("button", { name: "Add query" }).click();
    await expect(this.page.getByTestId("evaluation-item").filter({ hasText: `“${query}”` })).toContainText(filename);
  }

  // The tuning section and its parts.

  section() {
    return this.page.getByRole("region", { name: "Tune ranking" });
  }

  currentLine() {
    return this.page.getByTestId("tuning-current");
  }

  candidatesTable() {
    return this.section().getByRole("table", { name: "Settings tried, best first" });
  }

  candidates() {
    return this.page.getByTestId("tuning-candidate");
  }

  /** The candidate rows without the "current" mark. */
  otherCandidates() {
    return this.candidates().filter({ hasNot: this.page.getByText("current", { exact: true }) });
  }

  currentCandidate() {
    return this.candidates().filter({ has: this.page.getByText("current", { exact: true }) });
  }

  perQuery() {
    return this.page.getByTestId("tuning-per-query");
  }

  /** A candidate's setting in words, as the current line and the captions write it. */
  async describe(row: ReturnType<EvaluationPage["candidates"]>): Promise<string> {
    const text = (await row.locator("label").innerText()).replace(/\s*current$/, "").trim();
    expect(text).toMatch(/^BM25 k1 /);
    return text;
  }

  /** Presses "Tune ranking" on a freshly opened set and waits for the results. */
  async tune() {
    await this.section().getByRole("button", { name: "Tune ranking" }).click();
    await expect(this.currentLine()).toBeVisible({ timeout: 20_000 });
    await expect(this.section().getByRole("button", { name: "Tune again" })).toBeEnabled();
  }
}
