import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { CorrectionsPage } from "./pages/corrections-page";

// Letters, not digits, so the made-up name still reads as a name to the phonetic matcher.
const suffix = () => Array.from({ length: 3 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

function subtitles(misheard: string): string {
  return [
    "1",
    "00:00:01,000 --> 00:00:03,500",
    "<i>Good evening.</i> Opus Odima is the governor.",
    "",
    "2",
    "00:00:03,800 --> 00:00:07,200",
    `Our guest tonight is ${misheard},`,
    "the new commissioner.",
    "",
  ].join("\r\n");
}

test.describe("corrections", () => {
  test("a reviewer cleans subtitles, approves the suggestion from the queue with the keyboard, and the next clean applies it", async ({ page, signInAs }) => {
    const name = `Chinwe Obiageli${suffix()}`;
    const misheard = name.replace("Obiageli", "Obiagelli");
    await signInAs("member");
    const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText: name, entityType: "person", authorityScore: 0.95 } });
    expect(created.status()).toBe(201);

    const corrections = new CorrectionsPage(page);
    await corrections.gotoClean("demo");
    const srt = subtitles(misheard);
    const first = await corrections.cleanFile("interview.srt", srt);
    // The seeded correction applies at once; the new name is only proposed.
    expect(first.applied).toEqual([expect.objectContaining({ corrected_text: "Hope Uzodinma", occurrences: 1 })]);
    expect(first.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ original_text: misheard, suggested_text: name })]));
    await expect(page.getByTestId("suggestion").filter({ hasText: misheard })).toBeVisible();
    await expect(page.getByTestId("suggested-mark").filter({ hasText: misheard })).toBeVisible();
    await expect(page.getByTestId("applied-mark").filter({ hasText: "Hope Uzodinma" })).toBeVisible();

    await corrections.gotoQueue("demo");
    const item = corrections.queueItem(misheard);
    await expect(item).toContainText(name);
    await item.click();
    await expect(item).toHaveAttribute("aria-current", "true");
    await page.keyboard.press("a");
    await expect(page.getByText("Approved 1 correction.")).toBeVisible();
    await expect(corrections.queueItem(misheard)).toHaveCount(0);

    await corrections.gotoClean("demo");
    const second = await corrections.cleanFile("interview.srt", srt);
    expect(second.applied).toEqual(expect.arrayContaining([expect.objectContaining({ corrected_text: name, occurrences: 1 })]));
    expect(second.suggestions.find((s) => s.original_text === misheard)).toBeUndefined();
    await expect(page.getByTestId("applied-mark").filter({ hasText: name })).toBeVisible();

    const downloadEvent = page.waitForEvent("download");
    await page.getByRole("button", { name: /^Download interview-cleaned\.srt/ }).click();
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe("interview-cleaned.srt");
    const cleaned = await readFile((await download.path())!, "utf8");
    // Timings, styling and line endings untouched; only the names changed.
    expect(cleaned).toBe(srt.replace("Opus Odima", "Hope Uzodinma").replace(misheard, name));

    expect(await corrections.usageOf(misheard)).toBe("1");
  });

  test("a viewer sees the review queue but cannot approve, reject or clean", async ({ page, signInAs }) => {
    await signInAs("viewer");
    const corrections = new CorrectionsPage(page);
    await corrections.gotoQueue("demo");
    const item = corrections.queueItem("O where he");
    await expect(item).toContainText("Owerri");
    await expect(page.getByText("Your role can see suggestions but not approve or reject them.")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Reject/ })).toHaveCount(0);
    await item.click();
    await page.keyboard.press("a");
    await expect(item).toBeVisible();
    await page.getByRole("link", { name: "Clean a transcript" }).click();
    await expect(page.getByText("Your role can read corrections but not clean transcripts.")).toBeVisible();
  });

  test("a thumbs-down in search offers a correction prefilled with the query", async ({ page, signInAs }) => {
    await signInAs("member");
    // The rating bar follows any search, with or without results (the demo documents may still be processing).
    await page.goto("/t/demo/search?q=governor");
    await page.getByRole("button", { name: "Not helpful" }).click();
    await page.getByRole("link", { name: "Add a correction" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/corrections\/all\?original=governor/);
    await expect(page.getByLabel("Written as")).toHaveValue("governor");
  });
});
