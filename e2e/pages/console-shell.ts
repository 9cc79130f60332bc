import type { Page } from "@playwright/test";

export class ConsoleShell {
  constructor(private readonly page: Page) {}

  currentTenant() {
    return this.page.getByTestId("current-tenant");
  }

  /** The workspace areas: the sidebar from 1024 px, the Menu button's drawer below (when open). */
  sidebar() {
    return this.page.getByRole("navigation", { name: "Workspace areas" });
  }

  /** The header's Menu button, shown below 1024 px in place of the sidebar. */
  menuButton() {
    return this.page.getByRole("button", { name: "Menu", exact: true });
  }

  /** The drawer the Menu button controls. */
  async menuPanel() {
    const id = await this.menuButton().getAttribute("aria-controls");
    return this.page.locator(`[id="${id}"]`);
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
