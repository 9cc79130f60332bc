import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated, reloadHydrated } from "./hydration";

test("an owner switches the workspace's text language to Simple; chunks are re-indexed and search stops stemming", async ({ browser, page: demoOwner, signInAs }) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36);
  // A workspace of its own: its creator owns it, and the language change touches nobody else's search.
  await signInAs("owner");
  const { person: page, slug } = await freshPersonWithWorkspace(browser, demoOwner, "language");

  const documents = new DocumentsPage(page);
  await documents.goto(slug);
  // The empty list is fetched in the browser: once it shows, an upload's refresh cannot be overtaken by it.
  await expect(page.getByText("No documents yet. Drop files above to add the first ones.")).toBeVisible();
  const name = `orchard-${tag}.txt`;
  await documents.upload([{ name, mimeType: "text/plain", buffer: Buffer.from("The orchards were running out of apples.") }]);
  await documents.expectStatus(name, "completed");

  const resultsFor = async (query: string) => {
    await gotoHydrated(page, `/t/${slug}/search?q=${encodeURIComponent(query)}&mode=fulltext`);
    const summary = page.getByTestId("search-summary");
    await expect(summary).toHaveText(/^\d+ results? · Full-text/);
    return Number((await summary.textContent())!.split(" ")[0]);
  };
  // English stems "apple" and "apples" alike.
  expect(await resultsFor("apple")).toBe(1);

  await gotoHydrated(page, `/t/${slug}/settings`);
  const language = page.getByLabel("Text language");
  await expect(language).toHaveValue("english");
  await language.selectOption("simple");
  await page.getByRole("button", { name: "Save language" }).click();
  await expect(page.getByText("Full-text search now uses Simple")).toBeVisible();
  // The worker re-indexes in the background; the progress bar goes once every passage is done.
  await expect(page.getByTestId("reindex-progress")).toHaveCount(0, { timeout: 30_000 });
  await reloadHydrated(page);
  await expect(page.getByLabel("Text language")).toHaveValue("simple");

  // Simple does not stem: only the exact word matches now.
  expect(await resultsFor("apple")).toBe(0);
  expect(await resultsFor("apples")).toBe(1);
});
