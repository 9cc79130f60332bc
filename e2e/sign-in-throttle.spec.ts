import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FRESH_PASSWORD, freshPersonWithWorkspace } from "./fresh-person";
import { ConsoleShell } from "./pages/console-shell";
import { LoginPage } from "./pages/login-page";

// Issue #18 finding 3: five wrong passwords locked any account for 15 minutes, so anyone who knew an
// email could lock its person out. Now a browser that signed in to the account before carries a
// device cookie (lib/auth/device-cookie.ts) and counts its failures on its own (lib/auth/sign-in-throttle.ts).

/** Failures one account may have from one network before new browsers there are refused (SIGN_IN_LIMITS.accountAndAddress). */
const ACCOUNT_AND_NETWORK_LIMIT = 5;
const WRONG = /Incorrect email or password/;
const THROTTLED = /Too many failed attempts for this account/;

/**
 * Sends the sign-in form once, as far as the server's answer. A click before the page has hydrated
 * only reloads it (the form's script never ran, nothing was counted): then it is filled and sent again.
 */
async function sendSignIn(page: Page, email: string, password: string): Promise<void> {
  const login = new LoginPage(page);
  await expect(async () => {
    const answered = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"), { timeout: 3_000 });
    await Promise.all([answered, login.signIn(email, password)]);
  }).toPass({ timeout: 30_000 });
}

test("a browser that signed in before still signs in while an attacker's wrong passwords lock the account for new browsers", async ({ browser, page: ownerPage, signInAs }) => {
  await signInAs("owner");
  // A person of this test's own, so no demo account is locked for the specs after it.
  const { person, email } = await freshPersonWithWorkspace(browser, ownerPage, "throttle");

  // The person's browser signed in (joining through the invitation): it holds the device cookie.
  expect((await person.context().cookies()).map((cookie) => cookie.name)).toContain("tkc.device");
  await new ConsoleShell(person).signOut();
  await expect(person).toHaveURL(/\/login/);

  // Another browser (no device cookie) guesses until the throttle answers instead of the password check.
  const attacker = await (await browser.newContext()).newPage();
  const attackerLogin = new LoginPage(attacker);
  await attackerLogin.goto();
  let wrongAnswers = 0;
  for (;;) {
    await sendSignIn(attacker, email, `guess-${wrongAnswers}`);
    await expect(attackerLogin.errorMessage()).toHaveText(new RegExp(`${WRONG.source}|${THROTTLED.source}`));
    if (THROTTLED.test((await attackerLogin.errorMessage().textContent()) ?? "")) break;
    wrongAnswers++;
    expect(wrongAnswers, "the throttle answers once the limit is used up").toBeLessThanOrEqual(ACCOUNT_AND_NETWORK_LIMIT);
  }
  expect(wrongAnswers).toBeGreaterThan(0);

  // The right password does not get the attacker's browser in: it is refused with the throttle's message.
  await sendSignIn(attacker, email, FRESH_PASSWORD);
  await expect(attackerLogin.errorMessage()).toHaveText(THROTTLED);
  await expect(attackerLogin.errorMessage()).toContainText("try again in");
  await expect(attacker).toHaveURL(/\/login/);

  // The person's own browser signs in with the right password all the same.
  await expect(person.getByRole("heading", { name: /sign in/i })).toBeVisible();
  await sendSignIn(person, email, FRESH_PASSWORD);
  await expect(person).toHaveURL(/\/t\/[^/]+\/documents$/);
  await expect(person.getByRole("button", { name: "Account menu" })).toContainText("Fresh throttle");
});
