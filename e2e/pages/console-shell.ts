import type { Page } from "@playwright/test";

export class ConsoleShell {
  constructor(private readonly page: Page) {}

  currentTenant() {
    return this.page.getByTestId("current-tenant");
  }

  sidebar() {
    return this.page.getByRole("navigation", { name: "Workspace areas" });
  }

  async openTenantSwitcher() {
    await this.page.getByRole("button", { name: "Switch workspace" }).click();
    return this.page.getByRole("menu");
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Account menu" }).click();
    await this.page.getByRole("menuitem", { name: "Sign out" }).click();
  }
}
