import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { gotoHydrated, reloadHydrated } from "./hydration";

test.describe("audit log", () => {
  test("an admin finds a change in the audit log, reads its before and after, and exports the filtered view", async ({ page, signInAs }) => {
    const name = `Audit Person ${Date.now()}`;
    await signInAs("admin");
    const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText: name, entityType: "person", authorityScore: 0.9 } });
    expect(created.status()).toBe(201);

    await page.getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
    await page.getByLabel("Action").selectOption("glossary.created");
    const entry = page.getByTestId("audit-entry").first();
    await expect(entry).toContainText("admin@demo.test");
    await expect(entry).toContainText("glossary.created");
    await entry.getByRole("button", { name: "Details of glossary.created" }).click();
    await expect(page.getByRole("table", { name: "Before and after" })).toContainText(name);

    const downloadEvent = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe("demo-audit-log.csv");
    const lines = (await (await import("node:fs/promises")).readFile((await download.path())!, "utf8")).trim().split("\r\n");
    expect(lines[0]).toBe("id,created_at,actor_email,actor_user_id,actor_api_key_id,action,target_type,target_id,target_name,ip,details");
    expect(lines.slice(1).every((l) => l.includes(",glossary.created,"))).toBe(true);
    expect(lines.some((l) => l.includes(name))).toBe(true);
  });

  test("a member is not led to the audit log: no link, the page is not found, and its API refuses them", async ({ page, signInAs }) => {
    await signInAs("member");
    await expect(page.getByRole("navigation", { name: "Workspace areas" }).getByRole("link", { name: "Documents" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
    expect((await gotoHydrated(page, "/t/demo/audit"))?.status()).toBe(404);
    expect((await page.request.get("/api/t/demo/audit")).status()).toBe(403);
  });

  // Issue #20, item 11: filters were lost on reload, targets were truncated ids.
  test("filters live in the address: they survive a reload, back and forward, and a shared link; targets show by name", async ({ browser, page, signInAs }) => {
    const name = `Audit Filter ${Date.now()}`;
    await signInAs("admin");
    const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText: name, entityType: "person", authorityScore: 0.9 } });
    expect(created.status()).toBe(201);

    await gotoHydrated(page, "/t/demo/audit");
    const entries = page.getByTestId("audit-entry");
    await expect(entries.first()).toBeVisible();
    await page.getByLabel("Action").selectOption("glossary.created");
    await expect(page).toHaveURL(/[?&]action=glossary\.created/);
    await page.getByLabel("Actor").fill("admin@demo");
    await expect(page).toHaveURL(/[?&]actor=admin%40demo/);
    // The glossary entry by its name, not by a cut-off id.
    await expect(entries.first().getByTestId("audit-target")).toHaveText(`glossary entry ${name}`);

    await reloadHydrated(page);
    await expect(page.getByLabel("Action")).toHaveValue("glossary.created");
    await expect(page.getByLabel("Actor")).toHaveValue("admin@demo");
    await expect(entries.first().getByTestId("audit-target")).toHaveText(`glossary entry ${name}`);
    await expect(entries.filter({ hasNotText: "glossary.created" })).toHaveCount(0);
    const filtered = page.url();

    // Replaced, not pushed: back leaves the audit log; forward returns to it as it was.
    await page.getByRole("navigation", { name: "Workspace areas" }).getByRole("link", { name: "Members" }).click();
    await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(filtered);
    await expect(page.getByLabel("Action")).toHaveValue("glossary.created");
    await expect(entries.first().getByTestId("audit-target")).toHaveText(`glossary entry ${name}`);

    // A colleague opening the shared link sees the same view.
    const owner = await (await browser.newContext()).newPage();
    await gotoHydrated(owner, "/login");
    await owner.getByLabel("Email").fill(DEMO_USERS.owner.email);
    await owner.getByLabel("Password").fill(DEMO_PASSWORD);
    await owner.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(owner).toHaveURL(/\/documents$/);
    await gotoHydrated(owner, filtered);
    await expect(owner.getByLabel("Action")).toHaveValue("glossary.created");
    await expect(owner.getByTestId("audit-entry").first().getByTestId("audit-target")).toHaveText(`glossary entry ${name}`);

    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/audit$/);
    await expect(page.getByLabel("Action")).toHaveValue("");
    await owner.context().close();
  });

  test("without JavaScript the filters are a form whose answer is the filtered address", async ({ browser, page, signInAs }) => {
    await signInAs("admin");
    const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText: `Plain Form ${Date.now()}`, entityType: "term", authorityScore: 0.5 } });
    expect(created.status()).toBe(201);
    const plain = await (await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() })).newPage();
    await plain.goto("/t/demo/audit");
    await plain.getByLabel("Actor").fill("admin@demo.test");
    await plain.getByLabel("From").fill("2024-01-01");
    await plain.getByRole("button", { name: "Apply filters" }).click();
    await expect(plain).toHaveURL(/[?&]actor=admin%40demo\.test/);
    await expect(plain).toHaveURL(/[?&]from=2024-01-01/);
    await expect(plain.getByLabel("Actor")).toHaveValue("admin@demo.test");
    await plain.context().close();
    // With the script the same address shows the filtered log, and the button is not needed.
    await gotoHydrated(page, "/t/demo/audit?actor=admin%40demo.test&from=2024-01-01&action=");
    await expect(page.getByTestId("audit-entry").first()).toContainText("admin@demo.test");
    await expect(page.getByRole("button", { name: "Apply filters" })).toHaveCount(0);
  });

  test("the superuser's global log filters by workspace, kept in the address", async ({ browser }) => {
    const superuser = await (await browser.newContext()).newPage();
    await gotoHydrated(superuser, "/login?callbackUrl=/admin/audit");
    await superuser.getByLabel("Email").fill("super@demo.test");
    await superuser.getByLabel("Password").fill(DEMO_PASSWORD);
    await superuser.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(superuser.getByRole("heading", { name: "Global audit log", level: 1 })).toBeVisible();
    // Something of Acme's to find: a superuser may act in any workspace.
    const created = await superuser.request.post("/api/v1/glossary", { headers: { "x-tenant": "acme" }, data: { entityText: `Acme Term ${Date.now()}`, entityType: "term", authorityScore: 0.5 } });
    expect(created.status()).toBe(201);
    const entries = superuser.getByTestId("audit-entry");
    await expect(entries.first()).toBeVisible();
    await superuser.getByLabel("Workspace", { exact: true }).selectOption({ label: DEMO_USERS.acmeOwner.tenant });
    await expect(superuser).toHaveURL(/[?&]tenant=acme(&|$)/);
    // Every row is Acme's: the workspace column says so.
    await expect(async () => {
      const workspaces = await entries.locator("td:nth-child(3)").allInnerTexts();
      expect(workspaces.length).toBeGreaterThan(0);
      expect(new Set(workspaces)).toEqual(new Set(["acme"]));
    }).toPass();
    await reloadHydrated(superuser);
    await expect(superuser.getByLabel("Workspace", { exact: true })).toHaveValue("acme");
    await expect(entries.first()).toContainText("acme");
    await superuser.context().close();
  });
});
