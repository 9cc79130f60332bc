import { expect, type Page } from "@playwright/test";
import { gotoHydrated } from "../hydration";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await gotoHydrated(this.page, "/login");
    await expect(this.page.getByRole("heading", { name: /sign in/i })).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  errorMessage() {
    return this.page.locator("form").getByRole("alert");
  }
}
