import { readRealFixture } from "../lib/testing/real-fixtures";
import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated } from "./hydration";

const file = (name: string, fixture: string, mimeType: string) => ({ name, mimeType, buffer: Buffer.from(readRealFixture(fixture)) });

// Issue #19: files made by other tools lost text — an image could not be searched at all, a UTF-16
// subtitle was refused, Word table cells glued together ("Fruitbasket"); a renamed copy said nothing.
test("files from other tools: a photo of text, a UTF-16 subtitle and a Word table are found by their words", async ({ browser, page: ownerPage, signInAs }) => {
  test.setTimeout(120_000);
  await signInAs("owner");
  // A workspace of its own: these fixtures' bytes are fixed, so a shared one would take a re-run's for duplicates.
  const { person: page, slug } = await freshPersonWithWorkspace(browser, ownerPage, "real-files");
  const documents = new DocumentsPage(page);
  await documents.goto(slug);
  await expect(page.getByText("No documents yet. Drop files above to add the first ones.")).toBeVisible();

  const files = [
    file("lighthouse.png", "images/sentence.png", "image/png"),
    file("briefing.srt", "text/briefing-utf16le-bom.srt", "application/x-subrip"),
    file("table.docx", "docx/table.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
  ];
  await documents.upload(files);
  for (const { name } of files) await expect(documents.uploadRow(name)).toHaveAttribute("data-state", "done", { timeout: 15_000 });
  for (const { name } of files) await documents.expectStatus(name, "completed");

  // The same photo under another name: kept once, and the answer says under which name.
  await documents.upload([{ ...files[0]!, name: "copy-of-lighthouse.png" }]);
  await expect(documents.uploadRow("copy-of-lighthouse.png")).toContainText("Already uploaded as “lighthouse.png”");

  const results = page.getByRole("region", { name: "Search results" });
  for (const [query, expected] of [
    ["lighthouse keeper", "lighthouse.png"],
    ["réunion", "briefing.srt"],
    ["basket", "table.docx"],
  ]) {
    await gotoHydrated(page, `/t/${slug}/search?q=${encodeURIComponent(query!)}&mode=fulltext`);
    await expect(results.getByTestId("search-result").first(), query).toContainText(expected!);
  }

  // The document page says how each was read.
  await documents.goto(slug);
  await documents.row("briefing.srt").getByRole("link", { name: "briefing.srt", exact: true }).click();
  await expect(page.getByText("UTF-16LE")).toBeVisible();
  await documents.goto(slug);
  await documents.row("lighthouse.png").getByRole("link", { name: "lighthouse.png", exact: true }).click();
  await expect(page.getByText("Also uploaded as")).toBeVisible();
  await expect(page.getByText("The lighthouse keeper counts seven ships at dawn.")).toBeVisible();
  await expect(page.getByTestId("chunk-source")).toHaveText(/^Read by OCR, \d+% confident$/);
});
