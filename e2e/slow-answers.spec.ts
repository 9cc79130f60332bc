import type { Page, Route } from "@playwright/test";
import { expect, test } from "./fixtures";
import { gotoHydrated } from "./hydration";
import { CorrectionsPage } from "./pages/corrections-page";

// #17 item 8: an answer that takes over a second shows that the console is working, and one that
// never comes says so with what to do. The server is made slow by holding its request in the
// browser until the notice shows, then letting it through: ordering, not timing.

const unique = (name: string) => `${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Holds the next request `matches` accepts until `release()`; the others pass at once. */
async function holdNext(page: Page, url: string | RegExp, matches: (route: Route) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.route(url, async (route) => {
    if (!held && matches(route)) {
      held = true;
      await released;
    }
    await route.continue();
  });
  return release;
}

const isServerAction = (route: Route) => route.request().method() === "POST" && Boolean(route.request().headers()["next-action"]);

async function addGlossaryEntry(page: Page, name: string) {
  const form = page.getByRole("form", { name: "Add an entry" });
  await form.getByLabel("Entity").fill(name);
  await form.getByLabel("Type").fill("person");
  await form.getByRole("button", { name: "Add entry" }).click();
  return form;
}

for (const width of [1440, 390]) {
  test.describe(`slow answers at ${width} px`, () => {
    test.use({ viewport: { width, height: 844 } });

    test("a slow server action says it is still working until its answer comes", async ({ page, signInAs }) => {
      await signInAs("member");
      await gotoHydrated(page, "/t/demo/corrections/glossary");
      const release = await holdNext(page, "**/t/demo/corrections/glossary", isServerAction);
      const form = await addGlossaryEntry(page, unique("Adaeze Nwosu"));
      await expect(page.getByText("Still working…")).toBeVisible();
      release();
      await expect(form.getByLabel("Entity")).toHaveValue("");
      await expect(page.getByText("Still working…")).toBeHidden();
    });

    test("an action whose request never reaches the server says so in words, and keeps what was typed", async ({ page, signInAs }) => {
      await signInAs("member");
      await gotoHydrated(page, "/t/demo/corrections/glossary");
      await page.route("**/t/demo/corrections/glossary", (route) => (isServerAction(route) ? route.abort("internetdisconnected") : route.continue()));
      const name = unique("Emeka Obi");
      const form = await addGlossaryEntry(page, name);
      await expect(page.getByText("Could not reach the server. Check your connection and try again.")).toBeVisible();
      await expect(form.getByLabel("Entity")).toHaveValue(name);
    });

    test("a slow clean says it is still working, and a failed one says what went wrong", async ({ page, signInAs }) => {
      await signInAs("member");
      const corrections = new CorrectionsPage(page);
      await corrections.gotoClean("demo");
      const release = await holdNext(page, "**/api/t/demo/clean", (route) => route.request().method() === "POST");
      const subtitles = "1\n00:00:01,000 --> 00:00:02,000\nGood evening from the newsroom.\n";
      await page.getByLabel("Open a subtitle or text file").setInputFiles({ name: "slow.srt", mimeType: "application/x-subrip", buffer: Buffer.from(subtitles) });
      await expect(page.getByText("Opened slow.srt")).toBeVisible();
      await page.getByRole("button", { name: /^Clean/ }).click();
      await expect(page.getByText("Still working…")).toBeVisible();
      release();
      await expect(page.getByTestId("clean-summary")).toBeVisible();
      await expect(page.getByText("Still working…")).toBeHidden();

      await page.unrouteAll();
      await page.route("**/api/t/demo/clean", (route) => route.abort("internetdisconnected"));
      await page.getByRole("button", { name: /^Clean/ }).click();
      await expect(page.getByText("Could not reach the server. Check your connection and try again.")).toBeVisible();
    });
  });
}
