import { DEMO_USERS, type DemoUserKey } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { gotoHydrated } from "./hydration";

// What each role is offered (lib/auth/areas.ts; e2e/navigation.spec.ts checks the pages behind them).
const EVERY_AREA = ["Documents", "Search", "Corrections", "Dashboard", "Members", "Settings", "Audit", "API"];
const AREAS_OF: Record<"owner" | "admin" | "member" | "viewer", string[]> = {
  owner: EVERY_AREA,
  admin: EVERY_AREA,
  member: ["Documents", "Search", "Corrections", "Dashboard", "Members", "Settings"],
  viewer: ["Documents", "Search", "Corrections", "Dashboard", "Members"],
};

test.describe("signing in", () => {
  // This is the sign-in journey: the demo accounts sign in through the login form (elsewhere signInAs may skip it).
  test.use({ signInThrough: "form" });

  for (const who of ["owner", "admin", "member", "viewer"] as const satisfies DemoUserKey[]) {
    test(`the demo ${who} sees the shell and only their workspaces`, async ({ page, signInAs, shell }) => {
      const user = DEMO_USERS[who];
      await signInAs(who);
      await expect(shell.currentTenant()).toHaveText(user.tenant);
      for (const area of EVERY_AREA) await expect(shell.sidebar().getByRole("link", { name: area, exact: true })).toHaveCount(AREAS_OF[who].includes(area) ? 1 : 0);
      await expect(page.getByRole("button", { name: "Account menu" })).toContainText(user.name);

      const menu = await shell.openTenantSwitcher();
      const workspaces = menu.getByRole("menuitem").filter({ hasNotText: "Create workspace" });
      await expect(workspaces).toHaveCount(1);
      await expect(workspaces).toContainText(user.tenant);
      await expect(workspaces).toContainText(user.role);
      await expect(menu).not.toContainText("Acme Research");
    });
  }

  test("a wrong password shows a clear error and stays signed out", async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn(DEMO_USERS.owner.email, "not-the-password");
    await expect(loginPage.errorMessage()).toHaveText(/incorrect email or password/i);
    await expect(page).toHaveURL(/\/login/);
    await gotoHydrated(page, "/t/demo/documents");
    await expect(page).toHaveURL(/\/login/);
  });

  test("every area of the sidebar opens its page, and sign-out ends the session", async ({ page, signInAs, shell }) => {
    await signInAs("member");
    for (const area of AREAS_OF.member) {
      await shell.sidebar().getByRole("link", { name: area, exact: true }).click();
      await expect(page.getByRole("heading", { name: area, level: 1 })).toBeVisible();
    }
    await gotoHydrated(page, "/t/demo/no-such-area");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await gotoHydrated(page, "/t/demo/documents");
    await shell.signOut();
    await expect(page).toHaveURL(/\/login/);
    await gotoHydrated(page, "/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a member of one workspace cannot open another's pages", async ({ page, signInAs }) => {
    await signInAs("acmeOwner");
    const response = await gotoHydrated(page, "/t/demo/documents");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

});
