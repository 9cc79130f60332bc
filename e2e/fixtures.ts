import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "./demo-accounts";
import { ConsoleShell } from "./pages/console-shell";
import { LoginPage } from "./pages/login-page";

interface Fixtures {
  loginPage: LoginPage;
  shell: ConsoleShell;
  /** Signs the page in as a demo account and waits for the console. */
  signInAs: (who: DemoUserKey) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  shell: async ({ page }, use) => use(new ConsoleShell(page)),
  signInAs: async ({ page, loginPage }, use) => {
    await use(async (who) => {
      await loginPage.goto();
      await loginPage.signIn(DEMO_USERS[who].email, DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/t\/[^/]+\/documents$/);
      return page;
    });
  },
});

/** A browser of its own (another person, or another device), signed in. */
export async function signedInPage(browser: Browser, email: string, password: string, options: { baseURL?: string } = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).toHaveURL(/\/t\/[^/]+\/documents$/);
  return page;
}

export { expect };
