import { makeCorruptPdf, makeDocx, makePdf, SAMPLE_SRT } from "../lib/testing/document-fixtures";
import { expect, test } from "./fixtures";
import { DocumentsPage, type UploadFile } from "./pages/documents-page";
import { gotoHydrated } from "./hydration";

async function journeyFiles(tag: string): Promise<UploadFile[]> {
  // A tag in every file keeps their content unique to this run, so none is taken for a duplicate.
  return [
    { name: `handbook-${tag}.pdf`, mimeType: "application/pdf", buffer: Buffer.from(await makePdf([[`Handbook ${tag}`, "Core hours are ten to four."], ["On-call starts in week six."]])) },
    { name: `faq-${tag}.docx`, mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: Buffer.from(await makeDocx(`FAQ ${tag}`, ["Reset your password from the sign-in page."])) },
    { name: `notes-${tag}.md`, mimeType: "text/markdown", buffer: Buffer.from(`# Notes ${tag}\n\nThe governor visited Owerri.\n\n## Roads\n\nNew roads in Orlu.\n`) },
    { name: `episode-${tag}.srt`, mimeType: "application/x-subrip", buffer: Buffer.from(SAMPLE_SRT.replace("evening briefing", `evening briefing ${tag}`)) },
  ];
}

test.describe("documents", () => {
  test("a member uploads four formats at once, follows them to ready, reads chunks, sees a corrupt PDF fail, and deletes one", async ({ page, signInAs }) => {
    const tag = String(Date.now());
    await signInAs("member");
    const documents = new DocumentsPage(page);
    await documents.goto("demo");

    // Hold each upload's response briefly so its progress bar can be seen.
    await page.route("**/api/t/demo/documents", async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    const files = await journeyFiles(tag);
    await documents.upload(files);
    for (const file of files) await expect(page.getByRole("progressbar", { name: `Upload progress of ${file.name}` })).toBeVisible();
    for (const file of files) await expect(documents.uploadRow(file.name)).toHaveAttribute("data-state", "done", { timeout: 15_000 });
    await expect(page.getByRole("status").filter({ hasText: "4 sent" })).toBeVisible();

    for (const file of files) {
      await documents.expectStatus(file.name, "completed");
      await expect(documents.row(file.name).getByTestId("chunk-count")).toHaveText(/^[1-9]\d*$/);
    }

    // Open the PDF and read its chunks, each with its page.
    await documents.row(files[0]!.name).getByRole("link", { name: files[0]!.name, exact: true }).click();
    await expect(page.getByRole("heading", { name: files[0]!.name })).toBeVisible();
    const chunks = page.getByTestId("chunk");
    await expect(chunks).toHaveCount(2);
    await expect(chunks.first()).toContainText("Core hours are ten to four.");
    await expect(chunks.first()).toContainText("Page 1");
    await expect(chunks.nth(1)).toContainText("Page 2");
    await page.getByLabel("Search in this document").fill("on-call");
    await expect(chunks).toHaveCount(1);
    await expect(chunks.first()).toContainText("On-call starts in week six.");

    // A damaged PDF ends failed with a reason a person can act on.
    await documents.goto("demo");
    const broken = `broken-${tag}.pdf`;
    await documents.upload([{ name: broken, mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from(makeCorruptPdf()), Buffer.from(tag)]) }]);
    await documents.expectStatus(broken, "failed");
    await expect(documents.row(broken)).toContainText("damaged or not a PDF");

    // Delete with confirmation.
    await documents.row(files[2]!.name).getByRole("button", { name: `Delete ${files[2]!.name}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete document" }).click();
    await expect(documents.row(files[2]!.name)).toHaveCount(0);
  });

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px a search result opens its chunk focused with the query's words marked; the in-document search marks its words; long chunks fold (#20 item 4)`, async ({ page, signInAs }) => {
      await page.setViewportSize(viewport);
      // Letters only, so the made-up word stays one word for the text search.
      const word = `zarquon${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;
      const long = "Comprehensive international environmental responsibilities require careful coordination. ".repeat(70);
      const name = `highlight-${word}.md`;
      const text = `# Background\n\n${long}\n\n# The ${word} registry\n\nThe ${word} registry lists every ${word.toUpperCase()} in the region.\n`;
      await signInAs("member");
      const documents = new DocumentsPage(page);
      await documents.goto("demo");
      await documents.waitForList();
      await documents.upload([{ name, mimeType: "text/markdown", buffer: Buffer.from(text) }]);
      await documents.expectStatus(name, "completed");

      // The results are fetched in the browser: once one shows, the page has hydrated.
      await gotoHydrated(page, `/t/demo/search?q=${encodeURIComponent(`${word} registry`)}`);
      const result = page.getByTestId("search-result").filter({ hasText: name }).first();
      await expect(result.locator("mark").first()).toBeVisible();
      await result.getByRole("link", { name, exact: true }).click();
      await expect(page).toHaveURL(/[?&]chunk=\d+&highlight=/);
      await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

      const target = page.locator('[data-testid="chunk"][aria-current="true"]');
      await expect(target).toBeFocused();
      await expect(target).toBeInViewport();
      // Every form of the word is marked, in any case, and the rest of the chunk is plain text.
      await expect(target.locator("mark").first()).toBeVisible();
      expect(await target.locator("mark").allTextContents()).toEqual(expect.arrayContaining([word, "registry", word.toUpperCase()]));
      await expect(target).not.toContainText(/\u0001|\u0002/);

      // The long chunk without a mark folds to its beginning, and opens in full.
      const show = page.getByRole("button", { name: /^Show all [\d,]+ characters$/ }).first();
      await expect(show).toBeVisible();
      await show.click();
      await expect(page.getByRole("button", { name: "Show less" }).first()).toHaveAttribute("aria-expanded", "true");

      // The in-document search marks what it matched in every chunk it shows.
      await page.getByLabel("Search in this document").fill("coordination");
      const chunks = page.getByTestId("chunk");
      await expect(chunks.first().locator("mark").first()).toHaveText("coordination");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    });
  }

  // Issue #20: an upload answered while the list's first fetch was still out reused that fetch's
  // answer, which predates the file, so the new row showed only after a reload.
  test("an uploaded document appears in the table and reaches ready without a reload, even when the list was still loading", async ({ page, signInAs }) => {
    const name = `no-reload-${Date.now()}.md`;
    await signInAs("member");
    // A tab of its own: the first tab may still be polling, and only this tab's first list request is held.
    const tab = await page.context().newPage();
    let listRead!: () => void;
    const listWasRead = new Promise<void>((resolve) => (listRead = resolve));
    let uploadAnswered!: () => void;
    const uploadWasAnswered = new Promise<void>((resolve) => (uploadAnswered = resolve));
    let held = false;
    // The list's first answer is read from the server before the upload and reaches the page only after it.
    await tab.route(
      (url) => url.pathname === "/api/t/demo/documents",
      async (route) => {
        if (route.request().method() !== "GET" || held) return route.fallback();
        held = true;
        const response = await route.fetch();
        listRead();
        await uploadWasAnswered;
        await route.fulfill({ response });
      },
    );
    const documents = new DocumentsPage(tab);
    await documents.goto("demo");
    await tab.evaluate(() => Object.assign(window, { notReloaded: true }));
    await listWasRead;

    await documents.upload([{ name, mimeType: "text/markdown", buffer: Buffer.from(`# Fresh ${name}\n\nA document that must show without a reload.\n`) }]);
    await expect(documents.uploadRow(name)).toHaveAttribute("data-state", "done");
    uploadAnswered();
    await expect(documents.row(name)).toBeVisible();
    await documents.expectStatus(name, "completed");
    expect(await tab.evaluate(() => "notReloaded" in window)).toBe(true);
  });

  test("the same file twice is detected, and an unsupported file is refused with a reason", async ({ page, signInAs }) => {
    await signInAs("member");
    const documents = new DocumentsPage(page);
    await documents.goto("demo");
    const same = { name: `twice-${Date.now()}.txt`, mimeType: "text/plain", buffer: Buffer.from(`Uploaded twice ${Date.now()}`) };
    await documents.upload([same]);
    await expect(documents.uploadRow(same.name)).toHaveAttribute("data-state", "done");
    await page.getByRole("button", { name: "Clear list" }).click();
    await documents.upload([{ ...same, name: `again-${same.name}` }]);
    await expect(documents.uploadRow(`again-${same.name}`)).toHaveAttribute("data-state", "duplicate");
    await expect(documents.uploadRow(`again-${same.name}`)).toContainText(`Already uploaded as “${same.name}”`);

    const exe = { name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]) };
    await documents.upload([exe]);
    await expect(documents.uploadRow("invoice.pdf")).toHaveAttribute("data-state", "error");
    await expect(documents.uploadRow("invoice.pdf")).toContainText("not a supported type");
    // Sending the same bytes again cannot make them a PDF: no retry, only removal from the list.
    await expect(documents.uploadRow("invoice.pdf").getByRole("button", { name: "Retry invoice.pdf" })).toHaveCount(0);
    await expect(documents.uploadRow("invoice.pdf").getByRole("button", { name: "Remove invoice.pdf from the list" })).toBeVisible();
  });

  test("a viewer sees documents but no upload or delete controls, and the server refuses an upload", async ({ page, signInAs }) => {
    await signInAs("viewer");
    const documents = new DocumentsPage(page);
    await documents.goto("demo");
    await expect(documents.row("product-faq.md")).toBeVisible();
    await expect(documents.chooseFiles()).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
    const response = await page.request.post("/api/t/demo/documents", { multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } } });
    expect(response.status()).toBe(403);
  });
});
