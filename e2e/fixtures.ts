import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "./demo-accounts";
import { gotoHydrated } from "./hydration";
import { ConsoleShell } from "./pages/console-shell";
import { LoginPage } from "./pages/login-page";

interface Options {
  /**
   * How `signInAs` signs in: "session" (the default) through the credentials endpoints, "form" through
   * the login page as a person does; e2e/sign-in.spec.ts, the sign-in journey, uses "form".
   */
  signInThrough: "session" | "form";
}

interface Fixtures {
  loginPage: LoginPage;
  shell: ConsoleShell;
  /** Signs the page in as a demo account and waits for the console (its documents page, hydrated). */
  signInAs: (who: DemoUserKey) => Promise<Page>;
}

/**
 * Signs the page's browser context in with the credentials provider's own endpoints, the requests the
 * login form's `signIn("credentials")` makes (CSRF token, then the callback), so the context holds the
 * same session and device cookies the form would leave; then opens the console the way the form goes
 * on to (`/`, which leads to the first workspace's documents). The login form itself is the journey of
 * e2e/sign-in.spec.ts (and sessions, throttle, SSO, invitations); other specs only need to be signed in,
 * which this does without loading and hydrating the login page first.
 */
export async function signInWithSession(page: Page, email: string, password: string): Promise<Page> {
  const request = page.context().request;
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok(), `GET /api/auth/csrf answered ${csrf.status()}`).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const answer = await request.post("/api/auth/callback/credentials", {
    form: { email, password, redirect: "false", csrfToken, callbackUrl: "/", json: "true" },
  });
  expect(answer.ok(), `the credentials callback answered ${answer.status()}`).toBe(true);
  const { url } = (await answer.json()) as { url: string };
  expect(new URL(url).searchParams.get("error"), `signing in as ${email}`).toBeNull();
  await gotoHydrated(page, "/");
  await expect(page).toHaveURL(/\/t\/[^/]+\/documents$/);
  return page;
}

/** Signs the page in through the login form and waits for the console. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<Page> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).toHaveURL(/\/t\/[^/]+\/documents$/);
  return page;
}

export const test = base.extend<Options & Fixtures>({
  signInThrough: ["session", { option: true }],
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  shell: async ({ page }, use) => use(new ConsoleShell(page)),
  signInAs: async ({ page, signInThrough }, use) => {
    const signIn = signInThrough === "form" ? signInThroughForm : signInWithSession;
    await use((who) => signIn(page, DEMO_USERS[who].email, DEMO_PASSWORD));
  },
});

/** A browser of its own (another person, or another device), signed in through the login form. */
export async function signedInPage(browser: Browser, email: string, password: string, options: { baseURL?: string } = {}): Promise<Page> {
  return signInThroughForm(await (await browser.newContext(options)).newPage(), email, password);
}

export { expect };
