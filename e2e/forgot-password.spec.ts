import { startSmtpInbox } from "../lib/testing/smtp-inbox";
import { expect, test } from "./fixtures";
import { FRESH_PASSWORD, freshPersonWithWorkspace } from "./fresh-person";
import { LoginPage } from "./pages/login-page";
import { E2E_SMTP_PORT } from "./smtp";
import { gotoHydrated } from "./hydration";

// Issue #18 item 4 / #20 item 13: there was no "Forgot password?"; only an admin could issue a link.
test("a person who forgot their password gets a link by email, sets a new one and signs in with it", async ({ browser, page: ownerPage, signInAs }) => {
  await signInAs("owner");
  const { email } = await freshPersonWithWorkspace(browser, ownerPage, "forgot");
  // Listening only from here: the reset link is the one mail this person gets.
  const inbox = await startSmtpInbox({ port: E2E_SMTP_PORT });
  try {
    const page = await (await browser.newContext()).newPage();
    await gotoHydrated(page, "/login");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    // The form's submit is handled by its script: retry until the page has hydrated and answers.
    await expect(async () => {
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("status")).toContainText(`If an account exists for ${email}`, { timeout: 2_000 });
    }).toPass();

    const mail = await inbox.waitForMailTo(email);
    const link = /https?:\/\/\S+\/reset\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link, "the mail holds a reset link").toBeDefined();
    await gotoHydrated(page, new URL(link!).pathname);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    const newPassword = "a newly chosen passphrase 5";
    await expect(async () => {
      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Repeat the new password").fill(newPassword);
      await page.getByRole("button", { name: "Set new password" }).click();
      await expect(page).toHaveURL(/\/login\?notice=password-reset/, { timeout: 2_000 });
    }).toPass();

    const login = new LoginPage(page);
    await login.signIn(email, FRESH_PASSWORD);
    await expect(login.errorMessage()).toContainText("Incorrect email or password");
    await login.signIn(email, newPassword);
    await expect(page).toHaveURL(/\/t\//);

    // The link worked once.
    await gotoHydrated(page, new URL(link!).pathname);
    await expect(page.getByRole("heading", { name: "Link not valid" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Send a new link" })).toBeVisible();
  } finally {
    await inbox.close();
  }
});
