import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { gotoHydrated } from "./hydration";

// Specs share one server and database: every entity a test makes carries its own suffix.
const unique = (name: string) => `${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function openGlossary(page: Page) {
  await gotoHydrated(page, "/t/demo/corrections/glossary");
  await expect(page.getByRole("heading", { name: /^Glossary/, level: 2 })).toBeVisible();
}

/** Narrows the list to one name, so entries other specs add cannot push it to another page. */
async function search(page: Page, text: string) {
  await page.getByRole("searchbox", { name: "Search the glossary" }).fill(text);
}

const row = (page: Page, name: string) => page.getByTestId("glossary-row").filter({ hasText: name });

test.describe("glossary", () => {
  test("a member adds an entity, edits its authority in the row and deletes it", async ({ page, signInAs }) => {
    const name = unique("Chidi Okafor");
    await signInAs("member");
    await openGlossary(page);
    await expect(row(page, "Hope Uzodinma")).toContainText("0.95");

    const form = page.getByRole("form", { name: "Add an entry" });
    await form.getByRole("button", { name: "Add entry" }).click();
    await expect(form.getByText("Type the entity.")).toBeVisible();
    await form.getByLabel("Entity").fill(name);
    await form.getByLabel("Type").fill("person");
    await form.getByLabel("Authority").fill("0.7");
    await form.getByLabel("Source id").fill("e2e");
    await form.getByRole("button", { name: "Add entry" }).click();
    await expect(form.getByLabel("Entity")).toHaveValue("");

    await search(page, name);
    await expect(row(page, name)).toContainText("person");
    await expect(row(page, name)).toContainText("0.70");

    // Escape leaves the entry as it was and returns to the Edit button.
    await row(page, name).getByRole("button", { name: `Edit ${name}` }).click();
    const authority = page.getByLabel(`Authority of ${name}`);
    await expect(page.getByLabel(`Entity of ${name}`)).toBeFocused();
    await authority.fill("0.3");
    await authority.press("Escape");
    await expect(row(page, name)).toContainText("0.70");
    await expect(page.getByRole("button", { name: `Edit ${name}` })).toBeFocused();

    // Enter saves; an out-of-range value is refused next to the field.
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    await authority.fill("1.5");
    await authority.press("Enter");
    await expect(page.getByText("Authority is between 0 and 1.")).toBeVisible();
    await authority.fill("0.55");
    await authority.press("Enter");
    await expect(row(page, name)).toContainText("0.55");

    await row(page, name).getByRole("button", { name: `Delete ${name}` }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText(name);
    await dialog.getByRole("button", { name: "Delete entry" }).click();
    await expect(row(page, name)).toHaveCount(0);
    await expect(page.getByText("No entries match these filters.")).toBeVisible();
  });

  test("a member previews and imports a CSV, then exports the glossary", async ({ page, signInAs }) => {
    const fresh = unique("Orashi Ventures");
    const existing = unique("Mbaise");
    const bad = unique("Too Sure");
    await signInAs("member");
    await openGlossary(page);
    const form = page.getByRole("form", { name: "Add an entry" });
    await form.getByLabel("Entity").fill(existing);
    await form.getByLabel("Type").fill("place");
    await form.getByLabel("Authority").fill("0.5");
    await form.getByRole("button", { name: "Add entry" }).click();
    await expect(form.getByLabel("Entity")).toHaveValue("");

    const csv = [
      "entity_text,entity_type,authority_score,source_id",
      `${fresh},organisation,0.65,e2e-import`,
      `${existing},place,0.9,e2e-import`,
      `${bad},person,1.5,`,
    ].join("\n");
    await page.getByLabel("CSV file").setInputFiles({ name: "names.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

    const preview = page.getByRole("region", { name: "Preview of names.csv" });
    await expect(preview).toContainText("2 rows ready, 1 with errors will be skipped.");
    await expect(preview.getByTestId("import-line-2")).toContainText(fresh);
    await expect(preview.getByTestId("import-line-2")).toContainText("new");
    await expect(preview.getByTestId("import-line-3")).toContainText("updates existing");
    await expect(preview.getByTestId("import-line-4")).toContainText("Authority is between 0 and 1.");
    await preview.getByRole("button", { name: "Import 2 rows" }).click();
    await expect(page.getByRole("region", { name: "Import a CSV" }).getByRole("status").filter({ hasText: "Imported" })).toHaveText("Imported names.csv: 1 added, 1 updated, 0 unchanged, 1 skipped.");
    await expect(preview).toHaveCount(0);

    await search(page, fresh);
    await expect(row(page, fresh)).toContainText("organisation");
    await expect(row(page, fresh)).toContainText("0.65");
    await search(page, existing);
    await expect(row(page, existing)).toContainText("0.90");
    await expect(row(page, existing)).toContainText("e2e-import");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("demo-glossary.csv");
    const lines = (await readFile(await file.path(), "utf8")).split(/\r?\n/);
    expect(lines[0]).toBe("entity_text,entity_type,authority_score,source_id");
    expect(lines).toContain(`${fresh},organisation,0.65,e2e-import`);
    expect(lines.some((line) => line.startsWith(bad))).toBe(false);
  });

  test("a viewer sees the list and the export, but nothing that changes the glossary", async ({ page, signInAs }) => {
    await signInAs("viewer");
    await openGlossary(page);
    await expect(row(page, "Hope Uzodinma")).toBeVisible();
    await expect(row(page, "Owerri")).toContainText("place");
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
    await expect(page.getByText("You have read-only access to the glossary.")).toBeVisible();

    await expect(page.getByRole("form", { name: "Add an entry" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add entry" })).toHaveCount(0);
    await expect(page.getByLabel("CSV file")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);
  });
});
