import { mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";

// The e2e server runs with the default MAX_UPLOAD_MB.
const LIMIT_MB = 50;

/** Counts the upload requests the page sends, to prove a refused file never left the browser. */
function countUploads(page: Page) {
  const sent = { count: 0 };
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/t/demo/documents")) sent.count++;
  });
  return sent;
}

/** The demo workspace's documents, once the page has hydrated (its list is fetched in the browser). */
async function openDocuments(page: Page) {
  const documents = new DocumentsPage(page);
  await documents.goto("demo");
  await documents.waitForList();
  return documents;
}

/** A file over the limit without writing 51 MB: a sparse file of that length. */
async function sparseFile(path: string, bytes: number) {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, "w");
  await handle.truncate(bytes);
  await handle.close();
  return path;
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`upload status at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("a file shows percent and time left while it is sent, leaving asks first, and the row then says sent, not done", async ({ page, signInAs }) => {
      const tag = `${viewport.width}-${Date.now()}`;
      await signInAs("member");
      const documents = await openDocuments(page);

      // Slow the upload down so its progress can be read: 160 KB at 32 KB/s takes about five seconds. A
      // small file, so processing it afterwards does not load the server for the specs that follow.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 32 * 1024 });

      const name = `slow-${tag}.txt`;
      const line = `A line of the slow upload ${tag}, long enough to fill the file quickly.\n`;
      // Chosen through the file dialog, as a person does: the click is what lets the page warn before unload.
      const chooser = page.waitForEvent("filechooser");
      await documents.chooseFiles().click();
      await (await chooser).setFiles({ name, mimeType: "text/plain", buffer: Buffer.from(line.repeat(Math.ceil((160 * 1024) / line.length))) });

      const row = documents.uploadRow(name);
      await expect(row).toHaveAttribute("data-state", "uploading");
      await expect(row.getByRole("progressbar", { name: `Upload progress of ${name}` })).toBeVisible();
      await expect(row.getByTestId("upload-progress")).toHaveText(/^\d{1,2}% · (about \d+ s left|a few seconds left)/);
      await expect(page.getByTestId("upload-summary")).toContainText("Sending 1 file… keep this page open.");
      await expect(row.getByRole("button", { name: `Cancel ${name}` })).toBeInViewport();
      await page.screenshot({ path: test.info().outputPath(`uploading-${viewport.width}.png`), fullPage: true });

      // Closing the tab mid-upload asks first; staying keeps the upload going.
      const dialog = page.waitForEvent("dialog");
      await page.close({ runBeforeUnload: true });
      const asked = await dialog;
      expect(asked.type()).toBe("beforeunload");
      await asked.dismiss();
      expect(page.isClosed()).toBe(false);

      await expect(row).toHaveAttribute("data-state", "done", { timeout: 20_000 });
      await expect(row).toContainText("Sent (160 KB) — processing; follow its status in the table below.");
      await expect(row.getByRole("img", { name: "sent" })).toBeVisible();
      await expect(page.getByTestId("upload-summary")).toHaveText("1 sent. Processing status is in the table below.");
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await expect(documents.row(name)).toBeVisible();
      await page.screenshot({ path: test.info().outputPath(`sent-${viewport.width}.png`), fullPage: true });

      // Nothing in flight: the tab closes without asking.
      await page.close({ runBeforeUnload: true });
      await expect.poll(() => page.isClosed()).toBe(true);
    });

    test("a file over the limit is refused before sending; a refusal offers no retry, a server error or lost connection does", async ({ page, signInAs }) => {
      const tag = `${viewport.width}-${Date.now()}`;
      await signInAs("member");
      const documents = await openDocuments(page);
      const uploads = countUploads(page);

      const big = `big-${tag}.txt`;
      await documents.upload([await sparseFile(test.info().outputPath(big), (LIMIT_MB + 1) * 1024 * 1024)]);
      await expect(documents.uploadRow(big)).toHaveAttribute("data-state", "error");
      await expect(documents.uploadRow(big)).toContainText(`The file is larger than the ${LIMIT_MB} MB limit. Split it or compress it, then upload again.`);
      await expect(documents.uploadRow(big)).toHaveAttribute("data-retryable", "false");
      await expect(documents.uploadRow(big).getByRole("button", { name: `Retry ${big}` })).toHaveCount(0);
      await documents.uploadRow(big).getByRole("button", { name: `Remove ${big} from the list` }).click();
      await expect(documents.uploadRow(big)).toHaveCount(0);
      expect(uploads.count).toBe(0);

      // The server fails once, then the connection drops once: both may pass on a retry, and do.
      const failures: ("server" | "network")[] = ["server", "network"];
      await page.route("**/api/t/demo/documents", async (route) => {
        const failure = route.request().method() === "POST" ? failures.shift() : undefined;
        if (failure === "server") await route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "The service is temporarily unavailable. Try again in a moment." } } });
        else if (failure === "network") await route.abort("failed");
        else await route.continue();
      });
      const flaky = `flaky-${tag}.txt`;
      await documents.upload([{ name: flaky, mimeType: "text/plain", buffer: Buffer.from(`Sent on the third try ${tag}`) }]);
      const row = documents.uploadRow(flaky);
      await expect(row).toHaveAttribute("data-state", "error");
      await expect(row).toContainText("The service is temporarily unavailable. Try again in a moment.");
      await expect(row).toHaveAttribute("data-retryable", "true");
      await row.getByRole("button", { name: `Retry ${flaky}` }).click();
      await expect(row).toContainText("The connection was lost while sending the file.");
      // By keyboard this time.
      await row.getByRole("button", { name: `Retry ${flaky}` }).focus();
      await page.keyboard.press("Enter");
      await expect(row).toHaveAttribute("data-state", "done");
      await expect(row).toContainText("Sent");
      await page.screenshot({ path: test.info().outputPath(`refusals-${viewport.width}.png`), fullPage: true });
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });
  });
}
