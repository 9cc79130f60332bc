import { request as httpClient } from "@playwright/test";
import { makeHeavyPdf } from "@/lib/testing/document-fixtures";
import { expect, test } from "./fixtures";
import { FRESH_PASSWORD, freshPersonWithWorkspace } from "./fresh-person";
import { ApiKeysPanel } from "./pages/api-keys-panel";
import { InvitationPage } from "./pages/invitation-page";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated } from "./hydration";

test.describe("API keys", () => {
  test("an owner creates a key, a plain HTTP client uploads and searches with it, revoking it ends access, and the audit log shows all three", async ({ page, signInAs, baseURL }) => {
    const name = `Nightly import ${Date.now()}`;
    await signInAs("owner");
    const keys = new ApiKeysPanel(page);
    const secret = await keys.create({ name, access: "member", expires: "30" });
    const panel = keys.region();
    await expect(panel.getByRole("textbox", { name: "New API key" })).toHaveCount(0);
    const row = panel.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(secret.slice(0, 12));
    await expect(row).toContainText("active");
    await page.screenshot({ path: "test-results/api-keys-settings.png", fullPage: true });

    // A client with nothing but the key: no cookies, no workspace header.
    const client = await httpClient.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
    const marker = `zephyrine-${Date.now()}`;
    const uploaded = await client.post("/api/v1/documents", {
      headers: { "Idempotency-Key": `e2e-${marker}` },
      multipart: { file: { name: "api-upload.txt", mimeType: "text/plain", buffer: Buffer.from(`The ${marker} procedure is documented here for the API test.`) } },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    expect(uploaded.headers()["x-request-id"]).toBeTruthy();
    const documentId = (await uploaded.json()).document.id as string;
    await expect
      .poll(async () => (await (await client.get(`/api/v1/documents/${documentId}`)).json()).status, { timeout: 20_000 })
      .toBe("completed");
    // A file over the 10 MB that Next.js buffers for its proxy arrives whole, with the security headers.
    const heavy = Buffer.from(await makeHeavyPdf(12));
    const big = await client.post("/api/v1/documents", { multipart: { file: { name: "heavy-appendix.pdf", mimeType: "application/pdf", buffer: heavy } } });
    expect(big.status(), await big.text()).toBe(201);
    expect(big.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await big.json()).document.fileSize).toBe(heavy.length);
    const searched = await client.post("/api/v1/search", { data: { query: marker, mode: "fulltext" } });
    expect(searched.status()).toBe(200);
    const results = (await searched.json()).results as { documentId: string }[];
    expect(results.map((r) => r.documentId)).toContain(documentId);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(row).toContainText("revoked");
    const refused = await client.get("/api/v1/documents");
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.message).toContain("revoked");
    await client.dispose();

    await page.getByRole("link", { name: "Audit" }).click();
    for (const action of ["api_keys.create", "document.uploaded", "api_keys.revoke"]) {
      await page.getByLabel("Action").selectOption(action);
      await expect(page.getByTestId("audit-entry").first()).toContainText(action);
    }
    // The upload is attributed to the key, not to a person.
    await page.getByLabel("Action").selectOption("document.uploaded");
    await expect(page.getByTestId("audit-entry").first()).toContainText(name);
  });

  test("a key does only what its creator may do now: demoting the creator narrows it, in the key list and over HTTP", async ({ browser, page: demoOwner, signInAs, baseURL }) => {
    test.setTimeout(90_000);
    await signInAs("owner");
    const { person: owner, slug } = await freshPersonWithWorkspace(browser, demoOwner, "keys");
    const email = `key-admin-${Date.now().toString(36)}@example.test`;
    const members = new MembersPage(owner);
    const link = await members.invite(email, "admin");
    const admin = await (await browser.newContext()).newPage();
    await gotoHydrated(admin, link);
    await new InvitationPage(admin).createAccount("Kim Keys", FRESH_PASSWORD);
    await expect(admin).toHaveURL(new RegExp(`/t/${slug}/documents$`));
    const name = `Admin's upload key ${Date.now()}`;
    const secret = await new ApiKeysPanel(admin).create({ name, access: "member", expires: "30" });

    await members.goto(slug);
    await members.changeRole(email, "viewer");
    await expect(members.roleSelect(email)).toHaveValue("viewer");

    await gotoHydrated(owner, `/t/${slug}/settings`);
    const row = new ApiKeysPanel(owner).region().getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("active");
    await expect(row.getByTestId("narrowed-scopes")).toContainText("Now only documents:read, search:run");

    const client = await httpClient.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
    const upload = await client.post("/api/v1/documents", { multipart: { file: { name: "after-demotion.txt", mimeType: "text/plain", buffer: Buffer.from("written after the demotion") } } });
    expect(upload.status()).toBe(403);
    expect((await client.post("/api/v1/search", { data: { query: "anything" } })).status()).toBe(200);
    await client.dispose();
  });

  test("the API reference lists every operation and links the OpenAPI document", async ({ page, signInAs }) => {
    // Admins and owners, who can hold a key (a viewer is not shown the page: #20, item 7).
    await signInAs("admin");
    await page.getByRole("link", { name: "API", exact: true }).click();
    await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: /post\s*\/api\/v1\/search/i })).toBeVisible();
    const openapi = await page.request.get("/api/v1/openapi.json");
    expect(openapi.status()).toBe(200);
    const doc = await openapi.json();
    expect(doc.openapi).toBe("3.1.0");
    for (const op of Object.values(doc.paths).flatMap((methods) => Object.values(methods as Record<string, { summary: string }>))) {
      await expect(page.getByRole("article").filter({ hasText: op.summary }).first()).toBeVisible();
    }
  });
});
