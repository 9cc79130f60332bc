import { expect, type Page } from "@playwright/test";
import { gotoHydrated } from "../hydration";

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class DocumentsPage {
  constructor(private readonly page: Page) {}

  async goto(slug: string) {
    await gotoHydrated(this.page, `/t/${slug}/documents`);
    await expect(this.page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  }

  chooseFiles() {
    return this.page.getByRole("button", { name: "Choose files", exact: true });
  }

  /** Waits for the documents list, which is fetched in the browser: once it shows, the page has hydrated. */
  async waitForList() {
    await expect(this.page.getByTestId(/^document-/).first()).toBeVisible();
  }

  /** Files as buffers, or paths of files on disk (for sizes a buffer should not carry). */
  async upload(files: UploadFile[] | string[]) {
    await this.page.getByLabel("Choose files to upload").setInputFiles(files);
  }

  uploadRow(name: string) {
    return this.page.getByTestId(`upload-${name}`);
  }

  row(name: string) {
    return this.page.getByTestId(`document-${name}`);
  }

  async expectStatus(name: string, status: "pending" | "processing" | "completed" | "failed") {
    await expect(this.row(name).getByTestId("document-status")).toHaveAttribute("data-status", status, { timeout: 20_000 });
  }
}
