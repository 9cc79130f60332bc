import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FRESH_PASSWORD, freshPersonWithWorkspace } from "./fresh-person";
import { DocumentsPage } from "./pages/documents-page";
import { EvaluationPage } from "./pages/evaluation-page";
import { InvitationPage } from "./pages/invitation-page";
import { MembersPage } from "./pages/members-page";
import { gotoHydrated } from "./hydration";

// Set TUNE_RANKING_SCREENSHOTS=/some/dir to keep the screenshots there (tune-<width>*.png); they are attached to the report either way.
const SCREENSHOT_DIR = process.env.TUNE_RANKING_SCREENSHOTS;

/** Four short documents on unrelated topics, and a labelled query for three of them. */
function corpus(tag: string) {
  const doc = (name: string, text: string) => ({ name: `${name}-${tag}.md`, mimeType: "text/markdown", buffer: Buffer.from(`${text}\n\nReference ${tag}.`) });
  const docs = {
    greenhouse: doc("greenhouse", "# Greenhouse watering\n\nTomato seedlings in the greenhouse are watered every morning; the drip irrigation timer starts at six."),
    invoices: doc("invoices", "# Supplier invoices\n\nEvery supplier invoice needs two signatures before payment, and finance pays approved invoices on Thursdays."),
    bicycle: doc("bicycle", "# Bicycle repairs\n\nA punctured bicycle tyre is patched at the workshop: bring the wheel and the inner tube."),
    drill: doc("fire-drill", "# Fire drill\n\nThe fire alarm is tested on the first Monday of the month; everyone gathers at the assembly point in the car park."),
  };
  const labelled = [
    { query: "when are the tomato seedlings watered", expected: docs.greenhouse.name },
    { query: "who signs a supplier invoice", expected: docs.invoices.name },
    { query: "patch a punctured bicycle tyre", expected: docs.bicycle.name },
  ];
  return { docs: Object.values(docs), labelled };
}


/** Uploads the documents into an empty workspace and waits until every one is processed. */
async function uploadAll(page: Page, slug: string, files: ReturnType<typeof corpus>["docs"]) {
  const documents = new DocumentsPage(page);
  await documents.goto(slug);
  // The empty list is fetched in the browser: once it shows, the upload area has hydrated.
  await expect(page.getByText("No documents yet. Drop files above to add the first ones.")).toBeVisible();
  await documents.upload(files);
  for (const file of files) await documents.expectStatus(file.name, "completed");
}

/** Creates the set and adds the labelled queries; leaves the page on the set. */
async function buildSet(page: Page, slug: string, setName: string, labelled: ReturnType<typeof corpus>["labelled"]) {
  const evaluation = new EvaluationPage(page);
  await evaluation.goto(slug);
  await evaluation.createSet(setName);
  for (const { query, expected } of labelled) await evaluation.addQuery(query, expected);
  return evaluation;
}

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string, section: ReturnType<EvaluationPage["section"]>) {
  const body = await section.screenshot();
  await testInfo.attach(name, { body, contentType: "image/png" });
  if (SCREENSHOT_DIR) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await section.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-page.png`), fullPage: true });
  }
}

test.describe("tune ranking", () => {
  test("a member tunes ranking on their labelled queries and compares settings query by query; an owner applies one, sees it current, resets it, and the audit log records both", async ({ browser, page: demoOwner, signInAs }, testInfo) => {
    test.setTimeout(120_000);
    const tag = Date.now().toString(36);
    const setName = `Tuning set ${tag}`;
    const { docs, labelled } = corpus(tag);

    // A new person makes a workspace of their own (they own it) and invites another new person as a member.
    await signInAs("owner");
    const { person: page, slug, workspace, email: ownerEmail } = await freshPersonWithWorkspace(browser, demoOwner, "tuner");
    const link = await new MembersPage(page).invite(`tuning-member-${tag}@example.test`, "member");
    const member = await (await browser.newContext()).newPage();
    await gotoHydrated(member, link);
    await expect(member.getByText(new RegExp(`invited to ${workspace} as member`))).toBeVisible();
    await new InvitationPage(member).createAccount("Tess Tuner", FRESH_PASSWORD);
    await expect(member).toHaveURL(new RegExp(`/t/${slug}/documents$`));

    let defaults = "";
    await test.step("the member uploads documents, labels queries and tunes", async () => {
      await uploadAll(member, slug, docs);
      const evaluation = await buildSet(member, slug, setName, labelled);
      await evaluation.tune();

      await expect(evaluation.currentLine()).toHaveText(/^Current: BM25 k1 [\d.]+, b [\d.]+ · feedback (on|off) · hybrid .+ \(the defaults\) — nDCG@10 \d\.\d{3} on 3 queries\.$/);
      const candidates = evaluation.candidates();
      await expect(candidates.nth(9)).toBeVisible();
      expect(await candidates.count()).toBeLessThanOrEqual(18);
      // Exactly one row is the current setting, and it is the one the current line names.
      await expect(evaluation.currentCandidate()).toHaveCount(1);
      defaults = await evaluation.describe(evaluation.currentCandidate());
      await expect(evaluation.currentLine()).toContainText(`Current: ${defaults} (the defaults)`);
      await expect(evaluation.currentCandidate().getByRole("cell").last()).toHaveText("—");
      await expect(evaluation.otherCandidates().first().getByRole("cell").last()).toHaveText(/^\d+ \/ \d+$/);

      // The recommended setting is chosen first: three queries cannot show a clear gain, so it is the current one.
      await expect(evaluation.section().getByTestId("tuning-recommendation")).toHaveText(/^Recommended: keep the current setting\./);
      await expect(evaluation.currentCandidate().getByRole("radio")).toBeChecked();
      const perQuery = evaluation.perQuery();
      await expect(perQuery).toHaveAccessibleName(`Query by query: ${defaults} against the current setting`);
      await expect(perQuery.getByRole("row")).toHaveCount(1 + labelled.length);

      // Choosing another setting compares that one instead, query by query.
      const last = evaluation.otherCandidates().last();
      const other = await evaluation.describe(last);
      expect(other).not.toBe(defaults);
      await last.getByRole("radio").check();
      await expect(last.getByRole("radio")).toBeChecked();
      await expect(evaluation.currentCandidate().getByRole("radio")).not.toBeChecked();
      await expect(perQuery).toHaveAccessibleName(`Query by query: ${other} against the current setting`);
      await expect(perQuery.getByRole("row")).toHaveCount(1 + labelled.length);
      for (const { query } of labelled) {
        const row = perQuery.getByRole("row").filter({ hasText: `“${query}”` });
        await expect(row).toHaveCount(1);
        await expect(row.getByRole("cell").last()).toHaveText(/^(same|\+\d\.\d{3} better|-\d\.\d{3} worse)$/);
      }

      // A member may tune but not apply: an admin has to.
      const section = evaluation.section();
      await expect(section.getByRole("button", { name: /Apply this setting|This is the current setting|Reset to defaults|Revert to previous/ })).toHaveCount(0);
      await expect(section.getByText("An admin of this workspace can apply a setting; tell them which one wins here.")).toBeVisible();
      await keepScreenshot(member, testInfo, "tune-1280-member", section);
    });

    let applied = "";
    await test.step("the owner applies another setting; tuning again measures against it", async () => {
      const evaluation = new EvaluationPage(page);
      await evaluation.goto(slug);
      await expect(page.getByRole("heading", { name: setName, level: 2 })).toBeVisible();
      await evaluation.tune();
      await expect(evaluation.section().getByRole("button", { name: "Reset to defaults" })).toHaveCount(0);
      const choice = evaluation.otherCandidates().filter({ hasText: "hybrid by reciprocal rank" }).first();
      applied = await evaluation.describe(choice);
      await choice.getByRole("radio").check();
      await evaluation.section().getByRole("button", { name: "Apply this setting" }).click();
      const toast = page.getByRole("listitem").filter({ hasText: "Ranking updated for this workspace." });
      await expect(toast).toBeVisible();
      await expect(toast.getByRole("button", { name: "Undo" })).toBeVisible();
      // The section tunes again by itself, now against the applied setting.
      await expect(evaluation.currentLine()).toContainText(`Current: ${applied} — nDCG@10`);
      await expect(evaluation.section().getByRole("button", { name: `Revert to previous (${defaults})` })).toBeVisible();
      await expect(evaluation.section().getByRole("button", { name: "Reset to defaults" })).toBeVisible();
      await keepScreenshot(page, testInfo, "tune-1280", evaluation.section());

      // It is stored: a fresh page, tuned again, says the same, for the owner and for the member.
      for (const who of [page, member]) {
        const fresh = new EvaluationPage(who);
        await fresh.goto(slug);
        await fresh.tune();
        await expect(fresh.currentLine()).toContainText(`Current: ${applied} — nDCG@10`);
        await expect(fresh.currentLine()).not.toContainText("(the defaults)");
        expect(await fresh.describe(fresh.currentCandidate())).toBe(applied);
      }
    });

    await test.step("the owner resets to the defaults", async () => {
      const evaluation = new EvaluationPage(page);
      await evaluation.section().getByRole("button", { name: "Reset to defaults" }).click();
      await expect(page.getByRole("listitem").filter({ hasText: "Ranking reset to the defaults." })).toBeVisible();
      await expect(evaluation.currentLine()).toContainText(`Current: ${defaults} (the defaults) — nDCG@10`);
      await expect(evaluation.section().getByRole("button", { name: "Reset to defaults" })).toHaveCount(0);
      await expect(evaluation.section().getByRole("button", { name: `Revert to previous (${applied})` })).toBeVisible();
    });

    await test.step("the audit log has both changes, with before and after", async () => {
      await gotoHydrated(page, `/t/${slug}/audit`);
      await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
      await page.getByLabel("Action").selectOption("tenant.ranking_changed");
      const entries = page.getByTestId("audit-entry");
      await expect(entries).toHaveCount(2);
      for (const entry of await entries.all()) {
        await expect(entry).toContainText(ownerEmail);
        await expect(entry).toContainText("tenant.ranking_changed");
      }
      // Newest first: the older entry is the change to reciprocal rank fusion.
      await entries.nth(1).getByRole("button", { name: "Details of tenant.ranking_changed" }).click();
      const fusion = page.getByRole("table", { name: "Before and after" }).getByRole("row").filter({ hasText: "fusion" });
      await expect(fusion.getByRole("cell")).toHaveText(["fusion", '"convex"', '"rrf"']);
    });
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 390, height: 844 } });

    test("the tuning results and an owner's controls fit a 390 px screen; the tables scroll inside their own boxes", async ({ browser, page: demoOwner, signInAs }, testInfo) => {
      test.setTimeout(90_000);
      const tag = Date.now().toString(36);
      const { docs, labelled } = corpus(tag);
      await signInAs("owner");
      const { person: page, slug } = await freshPersonWithWorkspace(browser, demoOwner, "tuner-phone", { viewport: { width: 390, height: 844 } });
      await uploadAll(page, slug, docs);
      const evaluation = await buildSet(page, slug, `Phone set ${tag}`, labelled);
      await evaluation.tune();
      await expect(evaluation.candidates().nth(9)).toBeAttached();

      // Apply reciprocal rank fusion so the longest controls show (revert to previous, reset), then compare the last setting.
      const choice = evaluation.otherCandidates().filter({ hasText: "hybrid by reciprocal rank" }).first();
      const applied = await evaluation.describe(choice);
      await choice.getByRole("radio").check();
      await evaluation.section().getByRole("button", { name: "Apply this setting" }).click();
      await expect(evaluation.currentLine()).toContainText(`Current: ${applied} — nDCG@10`);
      await expect(evaluation.section().getByRole("button", { name: /^Revert to previous \(/ })).toBeVisible();
      const last = evaluation.candidates().last();
      await last.getByRole("radio").check();
      await expect(evaluation.perQuery()).toHaveAccessibleName(`Query by query: ${await evaluation.describe(last)} against the current setting`);

      await evaluation.section().scrollIntoViewIfNeeded();
      await keepScreenshot(page, testInfo, "tune-390", evaluation.section());

      // The tables scroll inside their own boxes instead of widening the tuning section. (The console
      // shell does not collapse its sidebar on a phone yet, so the page as a whole is the shell's matter.)
      const section = evaluation.section();
      expect(await section.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      for (const box of await section.locator("table").all()) {
        expect(await box.evaluate((table) => getComputedStyle(table.parentElement!).overflowX)).toBe("auto");
      }
    });
  });
});
