import { expect, test } from "./fixtures";
import { freshPersonWithWorkspace } from "./fresh-person";
import { DocumentsPage } from "./pages/documents-page";
import { gotoHydrated, reloadHydrated } from "./hydration";

/**
 * Sixty sections of one chunk each (over half a chunk of text, so the next heading starts a new
 * one; the short closing line is what carries over): half about cars, which say "car" or
 * "automobile" but never both, half about baking. Enough for the worker to fit the concept model.
 */
function handbook(tag: string) {
  const sections = Array.from({ length: 60 }, (_, i) => {
    const extra = ["fast", "red", "old", "new", "cheap"][i % 5];
    const sentence =
      i % 2 === 0
        ? `The ${i % 4 === 0 ? "car" : "automobile"} has a ${extra} engine, four wheels and a driver who knows the road.`
        : `Bake the ${extra} bread with flour and dough in a hot oven until the crust is brown.`;
    return `## ${i % 2 === 0 ? "Fleet" : "Kitchen"} note ${i}\n\n${Array.from({ length: 14 }, () => sentence).join(" ")}\n\nThat is all for this note.`;
  });
  return { name: `handbook-${tag}.md`, mimeType: "text/markdown", buffer: Buffer.from(`# Handbook ${tag}\n\n${sections.join("\n\n")}\n`) };
}

test("the worker fits a workspace's concept model, and hybrid search finds related words with it", async ({ browser, page: ownerPage, signInAs }, testInfo) => {
  test.setTimeout(120_000);
  await signInAs("owner");
  const { person: page, slug } = await freshPersonWithWorkspace(browser, ownerPage, "concepts");
  const file = handbook(Date.now().toString(36));
  const documents = new DocumentsPage(page);
  await documents.goto(slug);
  await expect(page.getByText("No documents yet. Drop files above to add the first ones.")).toBeVisible();
  await documents.upload([file]);
  await documents.expectStatus(file.name, "completed");

  // Settings say what the model is; the idle worker fits it within a few polls.
  await gotoHydrated(page, `/t/${slug}/settings`);
  const status = page.getByTestId("concept-model");
  await expect(async () => {
    await reloadHydrated(page);
    await expect(status).toContainText("Concept model: fitted on", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(status).toContainText("Hybrid search uses it to match related words");

  // A passage that only says "car" is found for "automobile", and the explanation says why.
  // Fifteen sections say "automobile" and tie at the top; the twenty best reach past them.
  await gotoHydrated(page, `/t/${slug}/search?q=automobile&k=20`);
  const results = page.getByRole("region", { name: "Search results" });
  const carOnly = results.getByTestId("search-result").filter({ hasText: /\bcar\b/ }).filter({ hasNotText: "automobile" }).first();
  await expect(carOnly).toBeVisible();
  await carOnly.getByRole("button", { name: "Why this result?" }).click();
  const explanation = carOnly.getByTestId("explanation");
  await expect(explanation).toContainText(/concept similarity 0\.\d{3} \(the part hybrid uses\)/);
  await expect(explanation).toContainText("no query word in this passage");
  await testInfo.attach("concept-explanation", { body: await carOnly.screenshot(), contentType: "image/png" });
  // Baking is not what the query is about: none of the twenty best is about bread.
  const cards = results.getByTestId("search-result");
  await expect(cards).toHaveCount(20);
  await expect(cards.filter({ hasText: "bread" })).toHaveCount(0);
});
