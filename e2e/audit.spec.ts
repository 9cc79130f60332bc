import { expect, test } from "./fixtures";

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
    expect(lines[0]).toBe("id,created_at,actor_email,actor_user_id,actor_api_key_id,action,target_type,target_id,ip,details");
    expect(lines.slice(1).every((l) => l.includes(",glossary.created,"))).toBe(true);
    expect(lines.some((l) => l.includes(name))).toBe(true);
  });

  test("a member is told the audit log is for owners and admins, and its API refuses them", async ({ page, signInAs }) => {
    await signInAs("member");
    await page.goto("/t/demo/audit");
    await expect(page.getByText("Only owners and admins can read the audit log.")).toBeVisible();
    expect((await page.request.get("/api/t/demo/audit")).status()).toBe(403);
  });
});
