import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { FRESH_PASSWORD } from "./fresh-person";
import { ConsoleShell } from "./pages/console-shell";
import { InvitationPage } from "./pages/invitation-page";
import { LoginPage } from "./pages/login-page";
import { MembersPage } from "./pages/members-page";
import { WORKSPACE_PAGES, waitForContent } from "./workspace-pages";
import { gotoHydrated } from "./hydration";

// Issue #20 item 12: axe on every page of the console, at a desk and on a phone. A serious or
// critical violation fails the page; moderate and minor ones are printed, for the record.

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
// Mirrors db/seed.ts, like demo-accounts.ts: the superuser belongs to no workspace.
const SUPERUSER = "super@demo.test";

/** Runs axe once the page's data has loaded; soft, so one run names every page and every rule. */
async function scan(page: Page, name: string) {
  await waitForContent(page);
  const { violations } = await new AxeBuilder({ page })
    // Label in name (WCAG 2.5.3) is experimental in axe, so it is asked for by name: voice control needs it.
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `[${name} @ ${page.viewportSize()?.width}px] ${v.impact} ${v.id}: ${n.target.join(" ")} — ${v.help}`),
  );
  if (lines.length > 0) console.log(lines.join("\n"));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect.soft(blocking.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")} — ${v.help}`), `${name} at ${page.viewportSize()?.width} px`).toEqual([]);
}

async function visit(page: Page, name: string, path: string, heading: string | RegExp) {
  await gotoHydrated(page, path);
  await expect(page.getByRole("heading", { name: heading, level: 1 }), name).toBeVisible();
  await scan(page, name);
}

async function signedIn(browser: Browser, viewport: typeof WIDE, email: string, password: string, path: string) {
  const page = await (await browser.newContext({ viewport })).newPage();
  await gotoHydrated(page, `/login?callbackUrl=${encodeURIComponent(path)}`);
  await new LoginPage(page).signIn(email, password);
  return page;
}

for (const [label, viewport] of [["at 1440 px", WIDE], ["at 390 px", PHONE]] as const) {
  test.describe(`accessibility ${label}`, () => {
    test.use({ viewport });

    test("the pages a signed-out visitor sees", async ({ page, loginPage }) => {
      await loginPage.goto();
      await scan(page, "Sign in");
      await visit(page, "Sign up", "/signup", /sign-up|create an account/i);
      await visit(page, "Forgot password", "/forgot", /password/i);
    });

    test("every page of a workspace, as its owner", async ({ page, signInAs }) => {
      test.setTimeout(120_000);
      await signInAs("owner");
      await expect(page.getByTestId(/^document-/).first()).toBeVisible();
      // On a fresh server the demo documents are still being processed; their status dots pulse until done.
      await expect(page.locator('[data-testid="document-status"]:is([data-status="pending"], [data-status="processing"])')).toHaveCount(0, { timeout: 60_000 });
      await scan(page, "Documents");
      if (viewport === PHONE) {
        const shell = new ConsoleShell(page);
        await shell.menuButton().click();
        await expect(shell.sidebar()).toBeVisible();
        await scan(page, "Menu drawer");
        await page.keyboard.press("Escape");
        await expect(shell.sidebar()).toBeHidden();
      }

      await page.getByTestId(/^document-/).first().getByRole("link").first().click();
      await expect(page).toHaveURL(/\/documents\/[^/]+$/);
      await expect(page.getByTestId("chunk").first()).toBeVisible();
      await scan(page, "Document");

      await gotoHydrated(page, "/t/demo/search?q=password");
      await expect(page.getByTestId("search-result").first()).toBeVisible();
      await scan(page, "Search with results");
      // The mode chooser is native radio buttons in a fieldset: the arrow keys move the choice.
      const modes = page.getByRole("group", { name: "Search mode" });
      await modes.getByRole("radio", { name: "Hybrid" }).focus();
      await page.keyboard.press("ArrowRight");
      await expect(modes.getByRole("radio", { name: "Semantic" })).toBeChecked();
      await expect(modes.getByRole("radio", { name: "Semantic" })).toBeFocused();
      await page.keyboard.press("ArrowLeft");
      await expect(modes.getByRole("radio", { name: "Hybrid" })).toBeChecked();

      const pages: [name: string, path: string, heading: string][] = [
        ...WORKSPACE_PAGES,
        ["Account", "/account", "Your account"],
        ["New workspace", "/workspaces/new", "Create a workspace"],
      ];
      for (const [name, path, heading] of pages) {
        await visit(page, name, path, heading);
        if (name === "API reference" || name === "Evaluation sets") await page.screenshot({ path: `test-results/a11y-${path.split("/").pop()}-${viewport.width}.png` });
      }

      // The account menu and the workspace switcher, open.
      await page.getByRole("button", { name: "Account menu" }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await scan(page, "Account menu");
      await page.screenshot({ path: `test-results/a11y-account-menu-${viewport.width}.png` });
      await page.keyboard.press("Escape");
      await new ConsoleShell(page).openTenantSwitcher();
      await scan(page, "Workspace switcher");
      await page.keyboard.press("Escape");
    });

    test("administration, as the superuser", async ({ browser }) => {
      const page = await signedIn(browser, viewport, SUPERUSER, DEMO_PASSWORD, "/admin");
      await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
      await scan(page, "Administration");
      await visit(page, "Global audit log", "/admin/audit", /audit/i);
      await visit(page, "A workspace, as superuser", "/t/demo/dashboard", "Dashboard");
      await page.context().close();
    });

    test("an invitation, and the welcome page of someone in no workspace", async ({ browser, page, signInAs }) => {
      await signInAs("owner");
      const members = new MembersPage(page);
      await members.goto("demo");
      const email = `a11y-${viewport.width}-${Date.now().toString(36)}@example.test`;
      const link = await members.invite(email, "member");

      const person = await (await browser.newContext({ viewport })).newPage();
      await gotoHydrated(person, link);
      await expect(person.getByRole("button", { name: "Create account and join" })).toBeVisible();
      await scan(person, "Invitation");
      await new InvitationPage(person).createAccount("Fresh A11y", FRESH_PASSWORD);
      await expect(person).toHaveURL(/\/t\/demo\/documents$/);

      // Leaving the only workspace leads to the welcome page.
      await new MembersPage(person).goto("demo");
      await person.getByRole("button", { name: "Leave workspace" }).click();
      await scan(person, "Leave workspace dialog");
      await person.getByRole("alertdialog").getByRole("button", { name: "Leave workspace" }).click();
      await expect(person.getByRole("heading", { name: "You are not in any workspace yet", level: 1 })).toBeVisible();
      await scan(person, "Welcome");
      await person.context().close();
    });
  });
}
