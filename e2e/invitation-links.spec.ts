import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { expect, signedInPage, test } from "./fixtures";
import { ConsoleShell } from "./pages/console-shell";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated } from "./hydration";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// #20 item 3: `npm start` sets NEXTAUTH_URL to http://localhost:PORT; someone who reached the console
// by another name (here 127.0.0.1) must be shown links on that name, not on localhost.
test.describe("links name the host the browser reached", () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px the link to copy names the host the inviter's browser reached`, async ({ browser }) => {
      const origin = `http://127.0.0.1:${PORT}`;
      const page = await signedInPage(browser, DEMO_USERS.owner.email, DEMO_PASSWORD, { baseURL: origin });
      await page.setViewportSize(viewport);
      const members = new MembersPage(page);
      await members.goto("demo");
      const link = await members.invite(`link-host-${viewport.width}-${Date.now()}@example.test`, "viewer");
      expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/invite/[\\w-]+$`));
      // The link works where it points.
      const guest = await (await browser.newContext()).newPage();
      await gotoHydrated(guest, link);
      await expect(guest.getByText(/invited to .* as viewer/)).toBeVisible();
      await guest.context().close();
      await page.context().close();
    });
  }

  test("the API reference's base URL and the sign-out redirect stay on that host", async ({ browser }) => {
    const origin = `http://127.0.0.1:${PORT}`;
    const page = await signedInPage(browser, DEMO_USERS.owner.email, DEMO_PASSWORD, { baseURL: origin });
    await gotoHydrated(page, "/t/demo/api");
    await expect(page.getByText(`${origin}/api/v1`, { exact: true })).toBeVisible();
    const openapi = await (await page.request.get("/api/v1/openapi.json")).json();
    expect(openapi.servers[0].url).toBe(`${origin}/api/v1`);
    await new ConsoleShell(page).signOut();
    await expect(page).toHaveURL(`${origin}/login`);
    await expect(page.getByRole("heading", { name: /sign in/i })).toBeVisible();
    await page.context().close();
  });
});
