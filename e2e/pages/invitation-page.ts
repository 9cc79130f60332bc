import type { Page } from "@playwright/test";

/** The page an invitation link opens, signed out. */
export class InvitationPage {
  constructor(private readonly page: Page) {}

  /** Fills the new-account form and submits it; where it lands is the caller's to check. */
  async createAccount(name: string, password: string) {
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Choose a password").fill(password);
    await this.page.getByLabel("Repeat the password").fill(password);
    await this.page.getByRole("button", { name: "Create account and join" }).click();
  }
}
