import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { CorrectionsPage } from "./pages/corrections-page";
import { gotoHydrated } from "./hydration";

// Letters, not digits, so the made-up name still reads as a name to the phonetic matcher.
// Six letters: both viewports' runs add their names to the demo glossary, and with three a name of the
// other run could come closer to a misheard one than its own (one 390 px run got "Okonkworvi" for
// "Okonkworwuf", the 1440 px run's "Okonkwo" + "rvi", over its own "Okonkwowuf").
const suffix = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");

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

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    test(`at ${viewport.width} px a reviewer approves the suggestions at or above a confidence in one step and the download has them, named for its real format (#20 item 5)`, async ({ page, signInAs }) => {
      await page.setViewportSize(viewport);
      const names = [`Adaeze Okonkwo${suffix()}`, `Emeka Nwachukwu${suffix()}`];
      const misheard = [names[0]!.replace("Okonkwo", "Okonkwor"), names[1]!.replace("Nwachukwu", "Nwachukku")];
      await signInAs("member");
      for (const entityText of names) {
        const created = await page.request.post("/api/v1/glossary", { headers: { "x-tenant": "demo" }, data: { entityText, entityType: "person", authorityScore: 0.95 } });
        expect(created.status()).toBe(201);
      }
      const srt = ["1", "00:00:01,000 --> 00:00:03,000", `Welcome, ${misheard[0]}.`, "", "2", "00:00:03,500 --> 00:00:06,000", `And ${misheard[1]} joins us.`, ""].join("\n");

      const corrections = new CorrectionsPage(page);
      await corrections.gotoClean("demo");
      // Subtitles saved as .txt: read as SRT, and downloaded as .srt.
      const first = await corrections.cleanFile("panel.txt", srt);
      expect(first.suggestions).toEqual(expect.arrayContaining(names.map((name, i) => expect.objectContaining({ original_text: misheard[i], suggested_text: name }))));
      const control = page.getByTestId("approve-at-or-above");
      await control.getByLabel("Apply suggestions at or above").selectOption({ label: "any confidence" });
      const count = first.suggestions.filter((s) => s.status === "suggested").length;
      // The approval is a server action posted to this page's address; the clean after it goes to the API.
      const recleaned = page.waitForResponse((r) => r.url().endsWith("/api/t/demo/clean") && r.request().method() === "POST");
      await control.getByRole("button", { name: `Approve ${count} and clean again` }).click();
      const second = (await (await recleaned).json()) as typeof first;
      await expect(page.getByText(`Approved ${count} ${count === 1 ? "suggestion" : "suggestions"}; cleaned again with them.`)).toBeVisible();
      expect(second.applied).toEqual(expect.arrayContaining(names.map((name) => expect.objectContaining({ corrected_text: name, occurrences: 1 }))));
      for (const name of names) await expect(page.getByTestId("applied-mark").filter({ hasText: name })).toBeVisible();
      await expect(page.getByTestId("approve-at-or-above")).toHaveCount(0);

      const downloadEvent = page.waitForEvent("download");
      await page.getByRole("button", { name: /^Download panel-cleaned\.srt/ }).click();
      const download = await downloadEvent;
      expect(download.suggestedFilename()).toBe("panel-cleaned.srt");
      expect(await readFile((await download.path())!, "utf8")).toBe(srt.replace(misheard[0]!, names[0]!).replace(misheard[1]!, names[1]!));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // A file named .srt that holds no subtitle at all is refused in words, not cleaned as text.
      await page.getByLabel("Open a subtitle or text file").setInputFiles({ name: "notes.srt", mimeType: "application/x-subrip", buffer: Buffer.from("Just some notes.\nNo timings at all.\n") });
      await expect(page.getByText("Opened notes.srt")).toBeVisible();
      await page.getByRole("button", { name: /^Clean/ }).click();
      await expect(page.getByRole("alert").filter({ hasText: "This is not an SRT file: none of its cues could be read" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Result" })).toHaveCount(0);
      // Cleaned as plain text on request, and downloaded as .txt.
      await page.getByLabel("Format").selectOption("text");
      await page.getByRole("button", { name: /^Clean/ }).click();
      await expect(page.getByRole("button", { name: /^Download notes-cleaned\.txt/ })).toBeVisible();
    });
  }

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

  test("a search that finds nothing offers a correction prefilled with the query", async ({ page, signInAs }) => {
    await signInAs("member");
    // Rating a result not helpful offers the same link (e2e/result-feedback.spec.ts).
    await gotoHydrated(page, "/t/demo/search?q=governorqx&mode=fulltext");
    await page.getByTestId("no-results").getByRole("link", { name: "Add a correction" }).click();
    await expect(page).toHaveURL(/\/t\/demo\/corrections\/all\?original=governorqx/);
    await expect(page.getByLabel("Written as")).toHaveValue("governorqx");
  });
});
