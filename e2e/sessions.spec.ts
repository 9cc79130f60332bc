import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { expect, signedInPage, test } from "./fixtures";
import { ConsoleShell } from "./pages/console-shell";
import { InvitationPage } from "./pages/invitation-page";
import { LoginPage } from "./pages/login-page";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated } from "./hydration";

/** The session cookie as it is now, for replaying after the session ended. */
async function sessionCookies(context: BrowserContext) {
  const cookies = (await context.cookies()).filter((c) => c.name.includes("session-token"));
  expect(cookies.length).toBeGreaterThan(0);
  return cookies;
}

/** The next request of a session that ended is refused: pages send to sign-in, the API says 401. */
async function expectRefused(page: Page) {
  await gotoHydrated(page, "/t/demo/documents");
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/t/demo/documents")).status()).toBe(401);
}

/** A new account made through an invitation to the demo workspace, so no demo password changes. */
async function inviteNewPerson(browser: Browser, page: Page, signInAs: (who: "owner") => Promise<Page>, password: string) {
  const email = `session-${Date.now()}@example.test`;
  await signInAs("owner");
  const members = new MembersPage(page);
  await members.goto("demo");
  const link = await members.invite(email, "member");
  const person = await (await browser.newContext()).newPage();
  await gotoHydrated(person, link);
  await new InvitationPage(person).createAccount("Sam Session", password);
  await expect(person).toHaveURL(/\/t\/demo\/documents$/);
  return { email, person };
}

test.describe("sessions end on the very next request", () => {
  test("signing out on one device ends the session on every device, and a copied cookie is refused", async ({ browser }) => {
    const laptop = await signedInPage(browser, DEMO_USERS.member.email, DEMO_PASSWORD);
    const phone = await signedInPage(browser, DEMO_USERS.member.email, DEMO_PASSWORD);
    const stolen = await sessionCookies(laptop.context());

    await new ConsoleShell(laptop).signOut();
    await expect(laptop).toHaveURL(/\/login/);

    await expectRefused(phone);
    const replay = await browser.newContext();
    await replay.addCookies(stolen);
    await expectRefused(await replay.newPage());
  });

  test("a password change ends the other sessions, and only the new password signs in", async ({ browser, page, signInAs }) => {
    const oldPassword = "first-long-passphrase-9";
    const newPassword = "second-long-passphrase-4";
    const { email, person } = await inviteNewPerson(browser, page, signInAs, oldPassword);
    const otherDevice = await signedInPage(browser, email, oldPassword);

    await gotoHydrated(person, "/account");
    await person.getByLabel("Current password").fill(oldPassword);
    await person.getByLabel("New password", { exact: true }).fill(newPassword);
    await person.getByLabel("Repeat the new password").fill(newPassword);
    await person.getByRole("button", { name: "Change password" }).click();
    await expect(person).toHaveURL(/\/login\?notice=password-reset/);

    await expectRefused(otherDevice);
    const login = new LoginPage(person);
    await login.signIn(email, oldPassword);
    await expect(login.errorMessage()).toHaveText(/incorrect email or password/i);
    await login.signIn(email, newPassword);
    await expect(person).toHaveURL(/\/t\/demo\/documents$/);
  });

  test("an invitation link shows the same page whether or not the address has an account", async ({ browser, page, signInAs }) => {
    const password = "third-long-passphrase-5";
    const { email } = await inviteNewPerson(browser, page, signInAs, password);
    const acmeOwner = await signedInPage(browser, DEMO_USERS.acmeOwner.email, DEMO_PASSWORD);
    const acmeMembers = new MembersPage(acmeOwner);
    await acmeMembers.goto("acme");
    const link = await acmeMembers.invite(email, "viewer");

    // The inviter opens the link signed out: both ways in are offered, nothing says an account exists.
    const inviter = await (await browser.newContext()).newPage();
    await gotoHydrated(inviter, link);
    await expect(inviter.getByRole("link", { name: "Sign in to accept" })).toBeVisible();
    await expect(inviter.getByRole("button", { name: "Create account and join" })).toBeVisible();
    await expect(inviter.getByText(/already (exists|has an account)/i)).toHaveCount(0);
    await new InvitationPage(inviter).createAccount("Not Them", "guessed-long-passphrase-1");
    await expect(inviter.locator("form").getByRole("alert")).toContainText("We could not sign you in with that password");

    // The real holder follows the same page's sign-in link and joins.
    await inviter.getByRole("link", { name: "sign in with your password" }).click();
    await new LoginPage(inviter).signIn(email, password);
    await inviter.getByRole("button", { name: "Join Acme Research" }).click();
    await expect(inviter).toHaveURL(/\/t\/acme\/documents$/);
  });
});
