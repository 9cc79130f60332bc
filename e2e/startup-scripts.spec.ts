import { COMPILE_HINT } from "@/lib/runtime/compile-hints";
import { expect, test } from "./fixtures";

// #20 item 6: the console's scripts carry V8's compile hint, so a phone compiles them while they
// download instead of on the main thread as the page starts (lib/runtime/compile-hints.ts).
test("every script a console page starts with is served with the compile hint first", async ({ page, signInAs }) => {
  await signInAs("member");
  const sources = await page.locator("script[src]").evaluateAll((scripts) => scripts.map((s) => ({ src: (s as HTMLScriptElement).src, noModule: (s as HTMLScriptElement).noModule })));
  // The module scripts the page runs; the no-module polyfill is for browsers without ES modules.
  const started = sources.filter((s) => !s.noModule).map((s) => s.src);
  expect(started.length, "the documents page loads scripts").toBeGreaterThan(3);
  for (const src of started) {
    const answer = await page.request.get(src);
    expect(answer.ok(), `${src} answered ${answer.status()}`).toBe(true);
    expect((await answer.text()).startsWith(COMPILE_HINT), `${src} starts with the compile hint`).toBe(true);
  }
});
