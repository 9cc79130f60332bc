import { expect, type Page } from "@playwright/test";
import { gotoHydrated } from "../hydration";

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto(slug: string) {
    await gotoHydrated(this.page, `/t/${slug}/members`);
    await expect(this.page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  }

  /** The member's table row or card: the page holds both layouts and CSS shows one. */
  row(email: string) {
    return this.page.getByTestId(`member-${email}`).filter({ visible: true });
  }

  inviteForm() {
    return this.page.getByRole("button", { name: "Send invitation" });
  }

  roleSelect(email: string) {
    return this.page.getByRole("combobox", { name: `Role of ${email}` });
  }

  /** Invites an address and returns the copyable link shown once. */
  async invite(email: string, role: "owner" | "admin" | "member" | "viewer") {
    await this.page.getByLabel("Email address").fill(email);
    await this.page.getByLabel("Role", { exact: true }).selectOption(role);
    const link = this.page.getByRole("textbox", { name: "Invitation link" });
    // A link from an earlier invitation may still be shown: wait for this one's answer to replace it.
    const shown = (await link.count()) ? await link.inputValue() : null;
    await this.inviteForm().click();
    await expect(link).toHaveValue(/\/invite\//);
    if (shown) await expect(link).not.toHaveValue(shown);
    return link.inputValue();
  }

  /** Stages the role, applies it and confirms; the confirmation stays open if the server refuses. */
  async changeRole(email: string, role: string) {
    await this.roleSelect(email).selectOption(role);
    await this.row(email).getByRole("button", { name: "Apply" }).click();
    await this.page.getByRole("alertdialog").getByRole("button", { name: "Change role" }).click();
  }
}
