import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { MembersPage } from "./pages/members-page";
import { E2E_OIDC_NAME, E2E_OIDC_PORT, startOidcProvider } from "./oidc";
import { gotoHydrated, reloadHydrated } from "./hydration";

const PHONE = { width: 390, height: 844 };

/** From the console's login page through the provider's own sign-in and consent pages, back to the console. */
async function signInThroughProvider(page: Page, login: string) {
  await gotoHydrated(page, "/login");
  await continueWithProvider(page, login);
}

/** Clicks the SSO button of the (hydrated) page shown, then signs in and consents at the provider. */
async function continueWithProvider(page: Page, login: string) {
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC_NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${E2E_OIDC_PORT}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password: the provider's development sign-in");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks once per account and client to share the claims.
  await page.getByRole("button", { name: "Continue" }).click();
}

/** No serious or critical axe violation (e2e/accessibility.spec.ts scans the other pages the same way). */
async function expectAccessible(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")} — ${v.help}`), name).toEqual([]);
}

async function expectFitsPhone(page: Page, name: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${name} is wider than the ${innerWidth} px screen`).toBeLessThanOrEqual(innerWidth);
}

// Issue #18 item 3: single sign-on with OpenID Connect, against a real provider on loopback.
test("a person signs in through the identity provider and lands in the workspace a rule maps them to, with that rule's role", async ({ browser, page, signInAs, baseURL }, testInfo) => {
  const run = Date.now().toString(36);
  const domain = `sso-${run}.example`;
  const group = `e2e-${run}-editors`;
  const person = `ann@${domain}`;
  const unverified = `unverified@${domain}`;
  const provider = await startOidcProvider({
    consoleUrl: baseURL!,
    accounts: [
      { email: person, name: "Ann Single-Sign-On", groups: [group] },
      { email: unverified, emailVerified: false },
    ],
  });
  try {
    // The owner maps the domain to viewer and the group to member, in the workspace's settings.
    await signInAs("owner");
    const slug = /\/t\/([^/]+)\//.exec(page.url())![1]!;
    await gotoHydrated(page, `/t/${slug}/settings`);
    const sso = page.getByRole("region", { name: "Single sign-on" });
    await expect(sso).toContainText(`People who sign in with ${E2E_OIDC_NAME} get a membership here`);
    const rules = sso.getByRole("list", { name: "Single sign-on rules" });
    await sso.getByLabel("Match", { exact: true }).selectOption("email_domain");
    await sso.getByLabel("Domain", { exact: true }).fill(`@${domain.toUpperCase()}`);
    await sso.getByLabel("Role", { exact: true }).selectOption("viewer");
    await sso.getByRole("button", { name: "Add rule" }).click();
    await expect(rules).toContainText(`Email domain ${domain} → viewer`);
    // A domain with a name before it is refused beside the field, in words.
    await sso.getByLabel("Domain", { exact: true }).fill(person);
    await sso.getByRole("button", { name: "Add rule" }).click();
    await expect(sso.getByRole("alert")).toContainText("Enter a domain such as example.com");
    await sso.getByLabel("Match", { exact: true }).selectOption("group");
    await sso.getByLabel("Group name", { exact: true }).fill(group);
    await sso.getByLabel("Role", { exact: true }).selectOption("member");
    await sso.getByRole("button", { name: "Add rule" }).click();
    await expect(rules).toContainText(`Group ${group} → member`);
    // Without an SSO session of their own, the owner cannot require it (they would lock themselves out).
    await expect(sso.getByText(`To turn it on, sign in with ${E2E_OIDC_NAME} first.`)).toBeVisible();

    await page.setViewportSize(PHONE);
    await expect(rules).toBeVisible();
    await expectFitsPhone(page, "Settings with the single sign-on section");
    await sso.screenshot({ path: testInfo.outputPath("sso-settings-390.png") });
    await page.setViewportSize({ width: 1280, height: 720 });

    // The person signs in with the provider: an account is made, and the group's rule (member, above
    // the domain's viewer) gives them the workspace.
    const personPage = await (await browser.newContext()).newPage();
    await signInThroughProvider(personPage, person);
    await expect(personPage).toHaveURL(new RegExp(`/t/${slug}/documents$`));
    await expect(personPage.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();

    const members = new MembersPage(page);
    await members.goto(slug);
    await expect(members.roleSelect(person)).toHaveValue("member");

    // An address the provider has not verified is refused on the login page, in words.
    const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
    await signInThroughProvider(phone, unverified);
    await expect(phone).toHaveURL(/\/login\?error=SsoUnverified/);
    // Next.js's route announcer is an alert too: the refusal is the one with words in it.
    await expect(phone.getByRole("alert").filter({ hasText: "Your identity provider has not verified your email address" })).toBeVisible();
    await expect(phone.getByRole("button", { name: `Sign in with ${E2E_OIDC_NAME}` })).toBeVisible();
    await expectFitsPhone(phone, "The login page with the SSO button and a refusal");
    await expectAccessible(phone, "The login page with the SSO button and a refusal");
    await phone.screenshot({ path: testInfo.outputPath("login-sso-390.png"), fullPage: true });

    // Removing a rule asks first; memberships it gave stay.
    await gotoHydrated(page, `/t/${slug}/settings`);
    for (const [label, text] of [
      [`Remove the rule for the group ${group}`, `Group ${group}`],
      [`Remove the rule for the domain ${domain}`, `Email domain ${domain}`],
    ] as const) {
      await sso.getByRole("button", { name: label }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Remove rule" }).click();
      await expect(sso).not.toContainText(text);
    }
    await members.goto(slug);
    await expect(members.roleSelect(person)).toHaveValue("member");
  } finally {
    await provider.close();
  }
});

test("a workspace that requires single sign-on opens only to sessions that signed in through it", async ({ browser, page, signInAs, baseURL }, testInfo) => {
  await signInAs("owner");
  // A fresh person owning a fresh workspace, signed in with a password.
  const { person, email, slug } = await freshPersonWithWorkspace(browser, page, "sso-required");
  const provider = await startOidcProvider({ consoleUrl: baseURL!, accounts: [{ email, name: "Fresh SSO" }] });
  try {
    // From a password session the owner cannot require it: they would lock themselves out.
    await gotoHydrated(person, `/t/${slug}/settings`);
    const require = person.getByRole("checkbox", { name: "Require single sign-on" });
    await require.click();
    await expect(person.getByRole("region", { name: "Single sign-on" }).getByRole("alert")).toContainText("Sign in with single sign-on before requiring it");
    await expect(require).not.toBeChecked();

    // Signed in through the provider (the same account, by its email), they can.
    const ssoSession = await (await browser.newContext()).newPage();
    await signInThroughProvider(ssoSession, email);
    await expect(ssoSession).toHaveURL(/\/t\/[^/]+\/documents$/);
    await gotoHydrated(ssoSession, `/t/${slug}/settings`);
    const required = ssoSession.getByRole("checkbox", { name: "Require single sign-on" });
    // The box follows the server's answer, not the click (check() would insist it flips at once).
    await required.click();
    await expect(ssoSession.getByText("Single sign-on is now required for this workspace.")).toBeVisible();
    await expect(required).toBeChecked();
    await reloadHydrated(ssoSession);
    await expect(required).toBeChecked();

    // The password session is sent to the explanation, on a phone too; its other workspace still opens.
    await person.setViewportSize(PHONE);
    await person.goto(`/t/${slug}/documents`);
    await expect(person).toHaveURL(new RegExp(`/sso-required\\?workspace=${slug}$`));
    await expect(person.getByRole("heading", { name: "This workspace requires single sign-on", level: 1 })).toBeVisible();
    await expectFitsPhone(person, "The single sign-on required page");
    await expectAccessible(person, "The single sign-on required page");
    await person.screenshot({ path: testInfo.outputPath("sso-required-390.png"), fullPage: true });
    const refused = await person.request.get(`/api/t/${slug}/documents`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden:sso_required");
    await person.goto("/t/demo/documents");
    await expect(person.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();

    // Its button signs them in through the provider and back into the workspace.
    await gotoHydrated(person, `/sso-required?workspace=${slug}`);
    await continueWithProvider(person, email);
    await expect(person).toHaveURL(new RegExp(`/t/${slug}/documents$`));
    await expect(person.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  } finally {
    await provider.close();
  }
});
