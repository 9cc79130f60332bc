import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { InvitationPage } from "./pages/invitation-page";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated } from "./hydration";

export const FRESH_PASSWORD = "a-fresh-long-passphrase-9";

/**
 * A new person with a workspace of their own (they own it): invited into the demo workspace by its
 * owner, then creating theirs. Specs that change workspace settings or add workspaces use one, so the
 * demo accounts keep exactly the workspaces other specs expect them to have.
 */
export async function freshPersonWithWorkspace(browser: Browser, owner: Page, label: string, context: BrowserContextOptions = {}): Promise<{ person: Page; email: string; slug: string; workspace: string }> {
  const tag = `${label}-${Date.now().toString(36)}`;
  const email = `${tag}@example.test`;
  const members = new MembersPage(owner);
  await members.goto("demo");
  const link = await members.invite(email, "member");
  const person = await (await browser.newContext(context)).newPage();
  await gotoHydrated(person, link);
  await new InvitationPage(person).createAccount(`Fresh ${label}`, FRESH_PASSWORD);
  await expect(person).toHaveURL(/\/t\/demo\/documents$/);

  await gotoHydrated(person, "/workspaces/new");
  const workspace = `Workspace ${tag}`;
  await person.getByLabel("Workspace name").fill(workspace);
  const address = person.getByLabel("Address");
  await expect(address).not.toHaveValue("");
  const slug = await address.inputValue();
  await person.getByRole("button", { name: "Create workspace" }).click();
  await expect(person).toHaveURL(new RegExp(`/t/${slug}/members$`));
  return { person, email, slug, workspace };
}
