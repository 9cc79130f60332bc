import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated } from "./hydration";

// Set SEARCH_UI_SCREENSHOTS=/some/dir to keep a screenshot of each width there (search-ui-<width>.png).
const SCREENSHOT_DIR = process.env.SEARCH_UI_SCREENSHOTS;

const filler = (topic: string) =>
  `This note is about ${topic}. It lists opening hours, parking rules, the kitchen rota, holiday dates and who to call when the printer jams. ` +
  "Nobody reads it twice, and most of its words are about the office rather than anything else.";

/** One passage that is all about the query, two that share a single word with it, and one that shares none. */
function corpus(tag: string) {
  const doc = (name: string, text: string) => ({ name: `${name}-${tag}.md`, mimeType: "text/markdown", buffer: Buffer.from(text) });
  return {
    strong: doc("quokka-ledger", "# Quokka ledger migration\n\nThe quokka ledger migration moves every quokka ledger entry to the new ledger. Run the quokka migration before the ledger closes; the migration keeps each quokka ledger balance."),
    weakA: doc("office-notes", `# Office notes\n\n${filler("the office")} The old paper ledger sits on the shelf.`),
    weakB: doc("travel-policy", `# Travel policy\n\n${filler("travel")} Bird migration season makes flights to the coast expensive.`),
    other: doc("lunch-menu", `# Lunch menu\n\n${filler("lunch")} Soup on Mondays, curry on Fridays.`),
  };
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`search ranking at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("the offline embedder is labelled approximate, weaker matches sit apart, and the explanation shows BM25 per term", async ({ browser, page: ownerPage, signInAs }, testInfo) => {
      test.setTimeout(90_000);
      const tag = `${viewport.width}x${Date.now().toString(36)}`;
      // A workspace of its own, so the corpus statistics (and so the scores) are this test's alone.
      await signInAs("owner");
      const { person: page, slug } = await freshPersonWithWorkspace(browser, ownerPage, "ranking", { viewport });

      const docs = corpus(tag);
      const documents = new DocumentsPage(page);
      await documents.goto(slug);
      // The empty list is fetched in the browser: once it shows, an upload's refresh cannot be overtaken by it.
      await expect(page.getByText("No documents yet. Drop files above to add the first ones.")).toBeVisible();
      await documents.upload(Object.values(docs));
      for (const file of Object.values(docs)) await documents.expectStatus(file.name, "completed");

      // The query comes from the URL: results appear only once the page has hydrated and searched.
      await gotoHydrated(page, `/t/${slug}/search?q=${encodeURIComponent("quokka ledger migration")}`);
      const results = page.getByRole("region", { name: "Search results" });
      const first = results.getByTestId("search-result").first();
      await expect(first).toContainText(docs.strong.name);
      await expect(first.getByTestId("score")).toHaveText(/^score \d/);

      // What "semantic" means here, next to the mode choice, readable by keyboard.
      const approximate = page.getByRole("button", { name: /^Approximate/ });
      await expect(approximate).toBeVisible();
      await approximate.focus();
      await page.keyboard.press("Enter");
      await expect(approximate).toHaveAttribute("aria-expanded", "true");
      await expect(page.getByTestId("semantic-label")).toContainText("no embedding model configured");

      // Weaker matches come after their own heading, in their own list.
      await expect(results.getByRole("heading", { name: "Weaker matches" })).toBeVisible();
      const weaker = results.getByRole("list", { name: "Weaker matches" }).getByTestId("search-result");
      await expect(weaker.first()).toBeVisible();
      expect(await weaker.count()).toBeGreaterThanOrEqual(1);
      await expect(weaker.filter({ hasText: docs.strong.name })).toHaveCount(0);

      // Why the best result is first: both retrievers, the fusion, and BM25 term by term.
      await first.getByRole("button", { name: "Why this result?" }).click();
      const explanation = first.getByTestId("explanation");
      await expect(explanation).toContainText("Semantic");
      await expect(explanation).toContainText(/rank 1, BM25 \d/);
      await expect(explanation.getByTestId("fusion")).toHaveText(/^0\.5 × semantic \d\.\d\d \+ 0\.5 × full text \d\.\d\d = \d\.\d\d$/);
      const terms = explanation.getByRole("table");
      await expect(terms).toBeVisible();
      for (const header of ["Term", "idf", "tf", "Contribution"]) await expect(terms.getByRole("columnheader", { name: header })).toBeVisible();
      await expect(terms.getByRole("rowheader", { name: "quokka" })).toBeVisible();
      // Feedback is off by default: the caption says what the weight is, not that feedback shares it.
      await expect(explanation).toContainText("weight: times in the query");

      const shot = await results.screenshot();
      await testInfo.attach(`search-ui-${viewport.width}`, { body: shot, contentType: "image/png" });
      if (SCREENSHOT_DIR) {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `search-ui-${viewport.width}.png`), fullPage: true });
      }

      // The explanation's term table scrolls inside its own box rather than widening the results. (The
      // console's shell does not collapse its sidebar on a phone yet; that is the shell's, not search's.)
      expect(await terms.evaluate((table) => table.parentElement!.scrollWidth <= table.parentElement!.clientWidth + 1 || getComputedStyle(table.parentElement!).overflowX === "auto")).toBe(true);
    });
  });
}
