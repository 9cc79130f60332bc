import { expect, type Page } from "@playwright/test";

/** The API keys region of Settings, as an owner or admin sees it. */
export class ApiKeysPanel {
  constructor(private readonly page: Page) {}

  region() {
    return this.page.getByRole("region", { name: "API keys" });
  }

  /** Creates a key from the Settings page and returns its secret, shown this once. */
  async create({ name, access, expires }: { name: string; access: string; expires: string }): Promise<string> {
    await this.page.getByRole("link", { name: "Settings" }).click();
    await expect(this.region().getByText("No API keys yet.").or(this.region().getByRole("table"))).toBeVisible();
    const form = this.region().getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Key name").fill(name);
    await form.getByLabel("Access").selectOption(access);
    await form.getByLabel("Expires").selectOption(expires);
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = await this.region().getByRole("textbox", { name: "New API key" }).inputValue();
    expect(secret).toMatch(/^tkc_/);
    await this.region().getByRole("button", { name: "I have copied it" }).click();
    return secret;
  }
}
