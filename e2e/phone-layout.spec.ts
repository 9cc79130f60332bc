import type { Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { ConsoleShell } from "./pages/console-shell";
import { DocumentsPage } from "./pages/documents-page";
import { LoginPage } from "./pages/login-page";
import { WORKSPACE_PAGES, waitForContent } from "./workspace-pages";
import { gotoHydrated } from "./hydration";

const PHONE = { width: 390, height: 844 };
// Mirrors db/seed.ts, like demo-accounts.ts: the superuser belongs to no workspace.
const SUPERUSER = "super@demo.test";

/** Soft, so one run names every page that is too wide. */
async function expectNoSidewaysScroll(page: Page, name: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect.soft(scrollWidth, `${name} is wider than the ${innerWidth} px screen`).toBeLessThanOrEqual(innerWidth);
}

async function visit(page: Page, name: string, path: string, heading: string) {
  await gotoHydrated(page, path);
  await expect(page.getByRole("heading", { name: heading, level: 1 }), name).toBeVisible();
  await waitForContent(page);
  await expectNoSidewaysScroll(page, name);
}

/** A document of the spec's own, with a long unbroken name that must wrap rather than widen a page. */
async function uploadLongNamedDocument(page: Page) {
  const name = `phone-layout-${Date.now()}-a-file-name-long-enough-to-push-any-page-sideways.md`;
  const documents = new DocumentsPage(page);
  await documents.goto("demo");
  await waitForContent(page);
  await documents.upload([{ name, mimeType: "text/markdown", buffer: Buffer.from(`# Access\n\nReset a forgotten password from the sign-in page.\n`) }]);
  await documents.expectStatus(name, "completed");
  const href = await documents.row(name).getByRole("link", { name, exact: true }).getAttribute("href");
  return { name, href: href! };
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE, hasTouch: true });

  test("every page fits the screen without scrolling sideways", async ({ page, signInAs, loginPage, browser }) => {
    // An upload and sixteen pages.
    test.setTimeout(120_000);
    await loginPage.goto();
    await expectNoSidewaysScroll(page, "Sign in");

    await signInAs("owner");
    const doc = await uploadLongNamedDocument(page);
    await expectNoSidewaysScroll(page, "Documents");
    // The header's controls are all on screen.
    await expect(page.getByRole("button", { name: "Account menu" })).toBeInViewport();
    await expect(new ConsoleShell(page).menuButton()).toBeInViewport();

    await gotoHydrated(page, doc.href);
    await expect(page.getByRole("heading", { name: doc.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("chunk").first()).toBeVisible();
    await expectNoSidewaysScroll(page, "Document");
    await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeInViewport();

    await gotoHydrated(page, "/t/demo/search?q=password");
    await expect(page.getByTestId("search-result").first()).toBeVisible();
    await expectNoSidewaysScroll(page, "Search with results");

    for (const [name, path, heading] of WORKSPACE_PAGES) await visit(page, name, path, heading);

    const superuser = await (await browser.newContext({ viewport: PHONE })).newPage();
    await gotoHydrated(superuser, "/login?callbackUrl=/admin");
    await new LoginPage(superuser).signIn(SUPERUSER, DEMO_PASSWORD);
    await expect(superuser.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
    await waitForContent(superuser);
    await expectNoSidewaysScroll(superuser, "Administration");
  });

  test("the menu opens with the keyboard and with a tap, navigates, and closes", async ({ page, signInAs }) => {
    await signInAs("owner");
    await waitForContent(page);
    const shell = new ConsoleShell(page);
    const menu = shell.menuButton();
    const panel = await shell.menuPanel();
    await expect(shell.sidebar()).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // Keyboard: Enter opens it with focus on the current area, Escape closes it back onto the button.
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(panel.getByRole("link", { name: "Documents" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    // Keyboard navigation: Tab through the areas, follow one with Enter; the menu closes onto its button.
    await page.keyboard.press("Enter");
    for (const area of ["Search", "Corrections", "Dashboard"]) {
      await page.keyboard.press("Tab");
      await expect(panel.getByRole("link", { name: area })).toBeFocused();
    }
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/t\/demo\/dashboard$/);
    await expect(panel).toBeHidden();
    await expect(menu).toBeFocused();

    // A tap opens it, a tapped link navigates and closes it.
    await menu.tap();
    await expect(shell.sidebar()).toBeVisible();
    await shell.sidebar().getByRole("link", { name: "Members" }).tap();
    await expect(page).toHaveURL(/\/t\/demo\/members$/);
    await expect(panel).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // A click outside the drawer closes it.
    await menu.tap();
    await expect(panel).toBeVisible();
    await page.mouse.click(PHONE.width - 20, PHONE.height / 2);
    await expect(panel).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  });

  test("without JavaScript the menu still opens, leads to an area and closes", async ({ page, signInAs, browser }) => {
    await signInAs("owner");
    const noScript = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, storageState: await page.context().storageState() });
    const plain = await noScript.newPage();
    await plain.goto("/t/demo/documents");
    const shell = new ConsoleShell(plain);
    await shell.menuButton().click();
    await expect(shell.sidebar().getByRole("link", { name: "Audit" })).toBeVisible();
    await plain.keyboard.press("Escape");
    await expect(shell.sidebar()).toBeHidden();
    await shell.menuButton().click();
    await shell.sidebar().getByRole("link", { name: "Audit" }).click();
    await expect(plain).toHaveURL(/\/t\/demo\/audit$/);
    await expect(plain.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  });

  test("the skip link is the first stop and moves focus to the content", async ({ page, signInAs }) => {
    await signInAs("owner");
    await gotoHydrated(page, "/t/demo/members");
    await waitForContent(page);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });
});

test.describe("on a wide screen", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the sidebar shows and there is no menu button", async ({ page, signInAs }) => {
    await signInAs("owner");
    const shell = new ConsoleShell(page);
    await expect(shell.sidebar()).toBeVisible();
    await expect(shell.menuButton()).toBeHidden();
    await expectNoSidewaysScroll(page, "Documents at 1440 px");
  });
});
