import { DEMO_USERS } from "./demo-accounts";
import { expect, test } from "./fixtures";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated, reloadHydrated } from "./hydration";

test.describe("search", () => {
  test("a member finds an uploaded phrase in every mode, reads why, rates it down, and the run keeps the rating", async ({ page, signInAs, browser }) => {
    const tag = `zebra${Date.now()}`;
    const phrase = `The ${tag} protocol requires two signatures for every invoice.`;
    await signInAs("member");
    const documents = new DocumentsPage(page);
    await documents.goto("demo");
    await documents.upload([{ name: `${tag}.md`, mimeType: "text/markdown", buffer: Buffer.from(`# Protocol\n\n${phrase}\n\nUnrelated closing words.`) }]);
    await documents.expectStatus(`${tag}.md`, "completed");

    for (const mode of ["Hybrid", "Semantic", "Full-text"]) {
      await gotoHydrated(page, `/t/demo/search`);
      await page.getByLabel("Search query").fill(`${tag} protocol signatures`);
      await page.getByRole("radio", { name: mode }).click();
      await page.getByRole("button", { name: "Search", exact: true }).click();
      const first = page.getByTestId("search-result").first();
      await expect(page.getByTestId("search-summary")).toContainText(mode);
      await expect(first, mode).toContainText(`${tag}.md`);
      await expect(first.getByTestId("snippet")).toContainText("signatures");
    }
    // The URL holds the search: reloading shows the same results.
    expect(page.url()).toContain(`q=${tag}`);
    await reloadHydrated(page);
    await expect(page.getByTestId("search-result").first()).toContainText(`${tag}.md`);

    // Explanation, then the top result rated not helpful, with a comment.
    await page.getByRole("radio", { name: "Hybrid" }).click();
    // The full-text results stay until the hybrid ones replace them: open the explanation on the latter.
    await expect(page.getByTestId("search-summary")).toContainText("Hybrid");
    const first = page.getByTestId("search-result").first();
    await first.getByRole("button", { name: "Why this result?" }).click();
    await expect(first.getByTestId("explanation")).toContainText("Hybrid (convex)");
    await expect(first.getByTestId("explanation")).toContainText("rank 1, BM25");
    // A reload is a new search: the server runs it and sends its results with the page.
    await reloadHydrated(page);
    const runId = await page.locator("section[data-run-id]").getAttribute("data-run-id");
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const top = page.getByTestId("search-result").first();
    await top.getByRole("button", { name: "Not helpful" }).click();
    await expect(top.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");
    await page.getByLabel("What was wrong?").fill("Wanted the signature policy itself");
    await page.getByRole("button", { name: "Send comment" }).click();
    await expect(page.getByText("Comment saved with this search.")).toBeVisible();
    const run = await (await page.request.get(`/api/t/demo/evaluation-runs/${runId}`)).json();
    expect(run).toMatchObject({ userFeedback: "thumbs_down", metadata: expect.objectContaining({ comment: "Wanted the signature policy itself" }) });
    expect(run.sources[0].filename).toBe(`${tag}.md`);

    // The result opens the document at its chunk.
    await page.getByTestId("search-result").first().getByRole("link", { name: `${tag}.md` }).click();
    await expect(page.locator('[data-testid="chunk"][aria-current="true"]')).toContainText(tag);

    // Someone in another workspace finds nothing of it.
    const other = await (await browser.newContext()).newPage();
    await gotoHydrated(other, "/login");
    await other.getByLabel("Email").fill(DEMO_USERS.acmeOwner.email);
    await other.getByLabel("Password").fill("demo-password-1");
    await other.getByRole("button", { name: "Sign in", exact: true }).click();
    await other.waitForURL(/\/t\/acme\//);
    await gotoHydrated(other, `/t/acme/search?q=${tag}%20protocol%20signatures`);
    await expect(other.getByTestId("search-summary")).toBeVisible();
    await expect(other.getByText(`${tag}.md`)).toHaveCount(0);
  });

  test("a search with no match offers ways forward", async ({ page, signInAs }) => {
    await signInAs("viewer");
    await gotoHydrated(page, "/t/demo/search?q=qwertyuiopasdf&mode=fulltext");
    await expect(page.getByTestId("no-results")).toContainText("Nothing found");
    await page.getByRole("button", { name: "Switch to hybrid mode" }).click();
    await expect(page).not.toHaveURL(/mode=fulltext/);
    // Viewers search but do not rate.
    await expect(page.getByRole("button", { name: "Not helpful" })).toHaveCount(0);
  });

  test("before its script arrives, the search form still searches in the chosen mode", async ({ page, signInAs, browser }) => {
    await signInAs("viewer");
    const noScript = await (await browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: false })).newPage();
    await noScript.goto("/t/demo/search");
    await noScript.getByLabel("Search query").fill("reset password");
    await noScript.getByRole("radio", { name: "Full-text" }).check();
    await noScript.getByRole("button", { name: "Search", exact: true }).click();
    await expect(noScript).toHaveURL(/[?&]q=reset\+password/);
    await expect(noScript).toHaveURL(/[?&]mode=fulltext/);
    await expect(noScript.getByRole("radio", { name: "Full-text" })).toBeChecked();
    await expect(noScript.getByLabel("Search query")).toHaveValue("reset password");
    // The server answers the search the URL asks for: the results come with the page.
    await expect(noScript.getByTestId("search-summary")).toContainText("Full-text");
    await expect(noScript.getByTestId("search-result").first()).toContainText(/password/i);
    await noScript.context().close();
  });

  test("a member builds an evaluation set and scores all three modes", async ({ page, signInAs }) => {
    await signInAs("member");
    await gotoHydrated(page, "/t/demo/search");
    await page.getByRole("link", { name: "Evaluation sets →" }).click();
    const name = `Support ${Date.now()}`;
    await page.getByLabel("New set name").fill(name);
    await page.getByRole("button", { name: "Create set" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await page.getByLabel("Query", { exact: true }).fill("how do I reset my password");
    await page.getByLabel("Document that should come back").selectOption({ label: "product-faq.md" });
    await page.getByRole("button", { name: "Add query" }).click();
    await expect(page.getByTestId("evaluation-item")).toContainText("product-faq.md");
    await page.getByRole("button", { name: "Run evaluation" }).click();
    await expect(page.getByTestId("evaluation-result")).toHaveCount(3);
    for (const mode of ["semantic", "fulltext", "hybrid"]) await expect(page.getByTestId("evaluation-result").filter({ hasText: mode })).toContainText("100%");
  });
});
