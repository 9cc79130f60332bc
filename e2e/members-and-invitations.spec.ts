import type { Locator } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { expect, signedInPage, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";
import { InvitationPage } from "./pages/invitation-page";
import { LoginPage } from "./pages/login-page";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated, reloadHydrated } from "./hydration";

const PHONE = { width: 390, height: 844 };

/** Nothing in the element runs past its own edge (the page's padding can hide such overflow from the page's width). */
async function expectNoOverflow(element: Locator) {
  expect(await element.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
}

/** On screen without scrolling sideways: the control's box lies within the viewport's width. */
async function expectWithinWidth(control: Locator, width: number) {
  await expect(control).toBeVisible();
  const box = await control.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

test.describe("members, invitations and roles", () => {
  test("an invited person joins, only sees that workspace, and loses controls when demoted", async ({ browser, page, signInAs }) => {
    const email = `invitee-${Date.now()}@example.test`;
    const password = "a-long-passphrase-42";
    await signInAs("owner");
    const ownerMembers = new MembersPage(page);
    await ownerMembers.goto("demo");
    const link = await ownerMembers.invite(email, "member");
    await expect(page.getByTestId(`invitation-${email}`)).toContainText("member");

    // The invitee opens the link in their own browser, sets a password and is signed in.
    const invitee = await (await browser.newContext()).newPage();
    await gotoHydrated(invitee, link);
    await expect(invitee.getByText(/invited to Demo Workspace as member/)).toBeVisible();
    await new InvitationPage(invitee).createAccount("Ivy Invitee", password);
    await expect(invitee).toHaveURL(/\/t\/demo\/documents$/);
    await invitee.getByRole("button", { name: "Switch workspace" }).click();
    const workspaces = invitee.getByRole("menu").getByRole("menuitem").filter({ hasNotText: "Create workspace" });
    await expect(workspaces).toHaveCount(1);
    await expect(workspaces).toContainText("Demo Workspace");
    await invitee.keyboard.press("Escape");

    // The link works once.
    const reused = await (await browser.newContext()).newPage();
    await gotoHydrated(reused, link);
    await expect(reused.getByRole("heading", { name: "Invitation unavailable" })).toBeVisible();

    // Signing in again works with the chosen password; a member may upload but not manage members.
    const inviteeAgain = await signedInPage(browser, email, password);
    const inviteeDocuments = new DocumentsPage(inviteeAgain);
    await inviteeDocuments.goto("demo");
    await expect(inviteeDocuments.chooseFiles()).toBeVisible();
    const inviteeMembers = new MembersPage(inviteeAgain);
    await inviteeMembers.goto("demo");
    await expect(inviteeMembers.row(email)).toBeVisible();
    await expect(inviteeMembers.inviteForm()).toHaveCount(0);

    // Promoted to admin, the invitee gets the invite form and role controls...
    await ownerMembers.goto("demo");
    await ownerMembers.changeRole(email, "admin");
    await expect(page.getByText(`${email} is now Admin.`)).toBeVisible();
    await expect(ownerMembers.roleSelect(email)).toHaveValue("admin");
    await inviteeMembers.goto("demo");
    await expect(inviteeMembers.inviteForm()).toBeVisible();
    await expect(inviteeMembers.roleSelect(DEMO_USERS.viewer.email)).toBeVisible();
    expect((await inviteeAgain.request.get("/api/t/demo/invitations")).status()).toBe(200);

    // ...and demoted to viewer they disappear, and the server refuses the same calls.
    await ownerMembers.changeRole(email, "viewer");
    await expect(ownerMembers.roleSelect(email)).toHaveValue("viewer");
    await inviteeMembers.goto("demo");
    await expect(inviteeMembers.inviteForm()).toHaveCount(0);
    await expect(inviteeMembers.roleSelect(DEMO_USERS.viewer.email)).toHaveCount(0);
    await expect(inviteeAgain.getByText("You have read-only access to this workspace.")).toBeVisible();
    const refused = await inviteeAgain.request.get("/api/t/demo/invitations");
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden:scope");
    await inviteeDocuments.goto("demo");
    await expect(inviteeDocuments.chooseFiles()).toHaveCount(0);
    const upload = await inviteeAgain.request.post("/api/t/demo/documents", { multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") } } });
    expect(upload.status()).toBe(403);
  });

  // Issue #20, item 2: a focused role select plus one arrow key turned an admin into a member.
  test("a role never changes on an arrow key: a choice is staged until applied and confirmed", async ({ page, signInAs }) => {
    await signInAs("owner");
    const members = new MembersPage(page);
    await members.goto("demo");
    const email = DEMO_USERS.member.email;
    const select = members.roleSelect(email);
    // The rows are fetched in the browser: once they show, the table has hydrated.
    await expect(select).toHaveValue("member");
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await expect(select).not.toHaveValue("member");
    await expect(members.row(email).getByRole("button", { name: "Apply" })).toBeVisible();
    await reloadHydrated(page);
    await expect(select).toHaveValue("member");

    await select.selectOption("viewer");
    await members.row(email).getByRole("button", { name: "Cancel" }).click();
    await expect(select).toHaveValue("member");
    await expect(members.row(email).getByRole("button", { name: "Apply" })).toHaveCount(0);

    await select.selectOption("viewer");
    await members.row(email).getByRole("button", { name: "Apply" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Change Mia Member’s role to Viewer?");
    await expect(dialog).toContainText(`${email} changes from Member to Viewer at once`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await reloadHydrated(page);
    await expect(select).toHaveValue("member");
  });

  // Issue #20, item 1: at 390 px the role select and Remove sat in table columns past the right edge.
  test("on a phone each member is a card with its role control and Remove on screen, by keyboard too; the table is back at 1440 px", async ({ page, signInAs }) => {
    await page.setViewportSize(PHONE);
    await signInAs("owner");
    const members = new MembersPage(page);
    await members.goto("demo");
    const email = DEMO_USERS.member.email;
    const select = members.roleSelect(email);
    const remove = members.row(email).getByRole("button", { name: "Remove" });
    // The rows are fetched in the browser: once they show, the list has hydrated.
    await expect(select).toHaveValue("member");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectWithinWidth(select, PHONE.width);
    await expectWithinWidth(remove, PHONE.width);
    await expectNoOverflow(members.row(email));

    // A staged role still asks before it applies; Escape leaves it unapplied.
    await select.focus();
    await page.keyboard.press("ArrowDown");
    const apply = members.row(email).getByRole("button", { name: "Apply" });
    await expectWithinWidth(apply, PHONE.width);
    await page.keyboard.press("Tab");
    await expect(apply).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alertdialog")).toContainText("Change Mia Member’s role to");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await members.row(email).getByRole("button", { name: "Cancel" }).click();
    await expect(select).toHaveValue("member");

    await remove.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alertdialog")).toContainText("Remove Mia Member?");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("alertdialog")).toHaveCount(0);

    // A long address, as people have: it wraps inside the item.
    const invitee = `phone-card-${Date.now()}@invitations.example.test`;
    await members.invite(invitee, "viewer");
    const invitation = page.getByTestId(`invitation-${invitee}`);
    await expectNoOverflow(invitation);
    await expectWithinWidth(invitation.getByRole("button", { name: "Resend" }), PHONE.width);
    await expectWithinWidth(invitation.getByRole("button", { name: "Revoke" }), PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(page.getByRole("columnheader", { name: "Role" })).toBeVisible();
    await expect(members.row(email)).toHaveJSProperty("tagName", "TR");
    await expect(select).toHaveValue("member");
  });

  // Issue #20, item 3: inviting again or "Resend" killed the earlier link without a word.
  test("a new link for a pending invitation says the earlier one stopped working, and Resend asks first", async ({ browser, page, signInAs }) => {
    const email = `twice-${Date.now()}@example.test`;
    await signInAs("owner");
    const members = new MembersPage(page);
    await members.goto("demo");
    const first = await members.invite(email, "viewer");
    await expect(page.getByRole("status").filter({ hasText: email })).not.toContainText("no longer works");
    const second = await members.invite(email, "viewer");
    expect(second).not.toBe(first);
    await expect(page.getByRole("status").filter({ hasText: email })).toContainText("The link sent to them before no longer works.");

    await page.getByTestId(`invitation-${email}`).getByRole("button", { name: "Resend" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("The link sent before stops working at once");
    await dialog.getByRole("button", { name: "Send new link" }).click();
    const link = page.getByRole("textbox", { name: "Invitation link" });
    await expect(link).not.toHaveValue(second);
    const third = await link.inputValue();

    const holder = await (await browser.newContext()).newPage();
    await gotoHydrated(holder, second);
    await expect(holder.getByRole("heading", { name: "Invitation unavailable" })).toBeVisible();
    await gotoHydrated(holder, third);
    await expect(holder.getByText(/invited to Demo Workspace as viewer/)).toBeVisible();
  });

  test("the last owner cannot be demoted or leave, with an explanation", async ({ page, signInAs }) => {
    await signInAs("acmeOwner");
    const members = new MembersPage(page);
    await members.goto("acme");
    await members.changeRole(DEMO_USERS.acmeOwner.email, "admin");
    await expect(page.getByText(/last owner/i)).toBeVisible();
    await reloadHydrated(page);
    await expect(members.roleSelect(DEMO_USERS.acmeOwner.email)).toHaveValue("owner");

    await page.getByRole("button", { name: "Leave workspace" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Leave workspace" }).click();
    await expect(page.getByText(/last owner/i).first()).toBeVisible();
    await expect(page).toHaveURL(/\/t\/acme\/members$/);
  });

  test("a member cannot open the administration page; a superuser can", async ({ browser, page, signInAs }) => {
    await signInAs("member");
    const response = await gotoHydrated(page, "/admin");
    expect(response?.status()).toBe(404);
    expect((await page.request.get("/api/admin/users")).status()).toBe(403);

    const superuser = await (await browser.newContext()).newPage();
    const login = new LoginPage(superuser);
    await login.goto();
    await login.signIn("super@demo.test", DEMO_PASSWORD);
    // A superuser with no workspace of their own lands on Administration (#20, item 7).
    await superuser.waitForURL(/\/admin$/);
    await gotoHydrated(superuser, "/admin");
    await expect(superuser.getByRole("heading", { name: "Administration" })).toBeVisible();
    await expect(superuser.getByRole("link", { name: "Demo Workspace" })).toBeVisible();
    await expect(superuser.getByTestId(`user-${DEMO_USERS.member.email}`)).toBeVisible();
  });

  test("someone in two workspaces sees only the current one's data after switching", async ({ browser, page, signInAs }) => {
    const email = `two-homes-${Date.now()}@example.test`;
    const password = "another-long-secret-7";
    // Invited to Demo by its owner, then to Acme by Acme's owner.
    await signInAs("owner");
    const demoMembers = new MembersPage(page);
    await demoMembers.goto("demo");
    const demoLink = await demoMembers.invite(email, "member");
    const acmeOwner = await signedInPage(browser, DEMO_USERS.acmeOwner.email, DEMO_PASSWORD);
    const acmeMembers = new MembersPage(acmeOwner);
    await acmeMembers.goto("acme");
    const acmeLink = await acmeMembers.invite(email, "viewer");

    const person = await (await browser.newContext()).newPage();
    await gotoHydrated(person, demoLink);
    await new InvitationPage(person).createAccount("Tess Twohomes", password);
    await expect(person).toHaveURL(/\/t\/demo\/documents$/);
    await gotoHydrated(person, acmeLink);
    await person.getByRole("button", { name: "Join Acme Research" }).click();
    await expect(person).toHaveURL(/\/t\/acme\/documents$/);

    const members = new MembersPage(person);
    await members.goto("acme");
    await expect(members.row(DEMO_USERS.acmeOwner.email)).toBeVisible();
    await expect(person.getByText(DEMO_USERS.owner.email)).toHaveCount(0);

    // Switch through the menu and stay in the same area.
    await person.getByRole("button", { name: "Switch workspace" }).click();
    await person.getByRole("menuitem", { name: /Demo Workspace/ }).click();
    await expect(person).toHaveURL(/\/t\/demo\/members$/);
    await expect(members.row(DEMO_USERS.owner.email)).toBeVisible();
    await expect(person.getByText(DEMO_USERS.acmeOwner.email)).toHaveCount(0);
    await expect(person.getByTestId("current-tenant")).toHaveText("Demo Workspace");

    // The JSON routes answer for the workspace in the URL only.
    const acmeJson = await (await person.request.get("/api/t/acme/members")).json();
    expect(acmeJson.members.map((m: { email: string }) => m.email)).not.toContain(DEMO_USERS.owner.email);

    // And `/` reopens the workspace used last.
    await gotoHydrated(person, "/");
    await expect(person).toHaveURL(/\/t\/demo\/documents$/);
  });
});
