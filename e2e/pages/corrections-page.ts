import { expect, type Page } from "@playwright/test";
import { gotoHydrated } from "../hydration";

/** The corrections area: review queue, corrections list and the clean page. */
export class CorrectionsPage {
  constructor(private readonly page: Page) {}

  async gotoQueue(slug: string) {
    await gotoHydrated(this.page, `/t/${slug}/corrections`);
    await expect(this.page.getByRole("heading", { name: "Corrections", level: 1 })).toBeVisible();
  }

  async gotoClean(slug: string) {
    await gotoHydrated(this.page, `/t/${slug}/corrections/clean`);
  }

  /** Opens a subtitle file on the clean page and cleans it; resolves with the JSON the page received. */
  async cleanFile(name: string, content: string) {
    await this.page.getByLabel("Open a subtitle or text file").setInputFiles({ name, mimeType: "application/x-subrip", buffer: Buffer.from(content) });
    await expect(this.page.getByText(`Opened ${name}`)).toBeVisible();
    const response = this.page.waitForResponse((r) => r.url().endsWith("/clean") && r.request().method() === "POST");
    await this.page.getByRole("button", { name: /^Clean/ }).click();
    const body = await (await response).json();
    await expect(this.page.getByTestId("clean-summary")).toBeVisible();
    return body as { applied: { corrected_text: string; occurrences: number }[]; suggestions: { original_text: string; suggested_text: string; status: string }[] };
  }

  queueItem(original: string) {
    return this.page.getByTestId("queue-item").filter({ hasText: original });
  }

  async usageOf(original: string): Promise<string> {
    await gotoHydrated(this.page, this.page.url().replace(/\/corrections.*$/, "/corrections/all"));
    await this.page.getByLabel("Search corrections").fill(original);
    const row = this.page.getByTestId(`correction-${original}`);
    await expect(row).toHaveCount(1);
    return (await row.getByTestId("usage-count").textContent()) ?? "";
  }
}
