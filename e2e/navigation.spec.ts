import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUserKey } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { ConsoleShell } from "./pages/console-shell";
import { LoginPage } from "./pages/login-page";
import { gotoHydrated } from "./hydration";

// Issue #20, item 7: the navigation led viewers to Audit, API and Settings, which had nothing for
// them; disabled fields looked editable; the superuser landed on "ask to be invited".

const AREAS = [
  ["documents", "Documents"],
  ["search", "Search"],
  ["corrections", "Corrections"],
  ["dashboard", "Dashboard"],
  ["members", "Members"],
  ["settings", "Settings"],
  ["audit", "Audit"],
  ["api", "API"],
] as const;

// Mirrors db/seed.ts, like demo-accounts.ts: the superuser belongs to no workspace.
const SUPERUSER = "super@demo.test";
const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1440, height: 900 };

/** The area links the navigation offers: the sidebar, or below 1024 px the Menu drawer, opened. */
async function areaLinks(page: Page, phone: boolean): Promise<string[]> {
  const shell = new ConsoleShell(page);
  if (phone) {
    // The drawer opens without the script too; once hydrated, opening it moves focus into it.
    await shell.menuButton().click();
    await expect(await shell.menuPanel()).toBeVisible();
  }
  const nav = shell.sidebar();
  await expect(nav.getByRole("link", { name: "Documents" })).toBeVisible();
  return nav.getByRole("link").allInnerTexts();
}

const expected: Partial<Record<DemoUserKey, string[]>> = {
  viewer: ["Documents", "Search", "Corrections", "Dashboard", "Members"],
  member: ["Documents", "Search", "Corrections", "Dashboard", "Members", "Settings"],
  admin: ["Documents", "Search", "Corrections", "Dashboard", "Members", "Settings", "Audit", "API"],
};

for (const [width, viewport] of [["1440", WIDE], ["390", PHONE]] as const) {
  test.describe(`navigation at ${width} px`, () => {
    test.use({ viewport });

    for (const role of ["viewer", "member", "admin"] as const) {
      test(`${role === "admin" ? "an" : "a"} ${role} is offered exactly the areas whose pages open`, async ({ page, signInAs }) => {
        await signInAs(role);
        const shown = (await areaLinks(page, viewport === PHONE)).map((text) => text.trim());
        expect(shown).toEqual(expected[role]);
        // No link leads to a 404, and no page that opens is left out.
        for (const [segment, label] of AREAS) {
          const response = await page.request.get(`/t/demo/${segment}`);
          expect(response.status(), `${label} for a ${role}`).toBe(shown.includes(label) ? 200 : 404);
        }
        await expect(page.getByRole("region", { name: "Superuser access" })).toHaveCount(0);
      });
    }

    test("a superuser with no workspace lands on Administration, and a workspace says they act there as superuser", async ({ browser }) => {
      const page = await (await browser.newContext({ viewport })).newPage();
      const login = new LoginPage(page);
      await login.goto();
      await login.signIn(SUPERUSER, DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/admin$/);
      await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
      await expect(page.getByText("You are not in any workspace yet")).toHaveCount(0);
      // The welcome page's advice is for people who must be invited: it sends a superuser back here.
      await gotoHydrated(page, "/welcome");
      await expect(page).toHaveURL(/\/admin$/);

      await page.getByRole("link", { name: DEMO_USERS.owner.tenant }).click();
      await expect(page).toHaveURL(/\/t\/demo\/dashboard$/);
      const banner = page.getByRole("region", { name: "Superuser access" });
      await expect(banner).toContainText(`Acting as superuser in ${DEMO_USERS.owner.tenant}`);
      await expect(banner).toBeInViewport();
      await expect(new ConsoleShell(page).currentTenant()).toHaveText(DEMO_USERS.owner.tenant);
      await expect(page.getByRole("button", { name: "Switch workspace" })).toContainText("superuser");
      await page.screenshot({ path: `test-results/superuser-banner-${width}.png` });

      // On every page of the workspace, and Administration is in the main navigation.
      await gotoHydrated(page, "/t/demo/settings");
      await expect(banner).toBeVisible();
      expect(await areaLinks(page, viewport === PHONE)).toEqual([...AREAS.map(([, label]) => label), "Administration"]);
      await new ConsoleShell(page).sidebar().getByRole("link", { name: "Administration" }).click();
      await expect(page).toHaveURL(/\/admin$/);

      await gotoHydrated(page, "/t/demo/members");
      await banner.getByRole("link", { name: "Back to Administration" }).click();
      await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
      await page.context().close();
    });

    test("the header's menus work by keyboard once hydrated, and open and lead somewhere before", async ({ page, signInAs, browser }) => {
      await signInAs("member");
      const account = page.getByRole("button", { name: "Account menu" });
      await account.focus();
      await page.keyboard.press("Enter");
      const menu = page.getByRole("menu", { name: "Account" });
      await expect(menu).toBeVisible();
      await expect(account).toHaveAttribute("aria-expanded", "true");
      // Focus goes to the first item; the arrows move it round, Home and End jump.
      await expect(menu.getByRole("menuitem", { name: "Your account" })).toBeFocused();
      await page.keyboard.press("ArrowDown");
      await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
      await page.keyboard.press("ArrowDown");
      await expect(menu.getByRole("menuitem", { name: "Your account" })).toBeFocused();
      await page.keyboard.press("End");
      await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
      // Escape closes it and gives focus back to its button.
      await page.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expect(account).toBeFocused();
      await expect(account).toHaveAttribute("aria-expanded", "false");
      // The menu opens under its button, inside the screen.
      await account.click();
      const [button, panel] = [await account.boundingBox(), await menu.boundingBox()];
      expect(panel!.y).toBeGreaterThanOrEqual(button!.y + button!.height);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(viewport.width);
      // Choosing an item follows it and closes the menu.
      await menu.getByRole("menuitem", { name: "Your account" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("menu")).toHaveCount(0);

      // Without the script, the workspace switcher still opens and its links still lead to the workspace.
      const noScript = await (await browser.newContext({ viewport, storageState: await page.context().storageState(), javaScriptEnabled: false })).newPage();
      await noScript.goto("/t/demo/search");
      await noScript.getByRole("button", { name: "Switch workspace" }).click();
      const workspaces = noScript.getByRole("menu", { name: "Your workspaces" });
      await expect(workspaces).toBeVisible();
      await workspaces.getByRole("menuitem", { name: new RegExp(DEMO_USERS.member.tenant) }).click();
      await expect(noScript).toHaveURL(/\/t\/demo\/search$/);
      await noScript.context().close();
    });
  });
}

test.describe("disabled controls", () => {
  test.use({ viewport: WIDE });

  test("a member's settings they cannot change look disabled, not editable", async ({ page, signInAs }) => {
    await signInAs("member");
    await gotoHydrated(page, "/t/demo/settings");
    const name = page.getByLabel("Workspace name");
    await expect(name).toBeDisabled();
    const chunkSize = page.getByLabel("Chunk size (tokens)");
    await expect(chunkSize).toBeDisabled();
    for (const field of [name, chunkSize, page.getByLabel("Text language", { exact: true })]) {
      await expect(field).toHaveCSS("cursor", "not-allowed");
      // Greyed (slate-100), where an editable field is white.
      await expect(field).not.toHaveCSS("background-color", "rgb(255, 255, 255)");
    }
    await page.screenshot({ path: "test-results/member-settings-disabled.png", fullPage: true });
  });
});
