import { expect, type Page } from "@playwright/test";

/** The demo workspace's pages that need nothing of a spec's own: name, address, level-one heading. */
export const WORKSPACE_PAGES: [name: string, path: string, heading: string][] = [
  ["Evaluation sets", "/t/demo/search/evaluation", "Evaluation sets"],
  ["Corrections: review queue", "/t/demo/corrections", "Corrections"],
  ["Corrections: all", "/t/demo/corrections/all", "Corrections"],
  ["Corrections: glossary", "/t/demo/corrections/glossary", "Corrections"],
  ["Corrections: clean", "/t/demo/corrections/clean", "Corrections"],
  ["Dashboard", "/t/demo/dashboard", "Dashboard"],
  ["Members", "/t/demo/members", "Members"],
  ["Settings", "/t/demo/settings", "Settings"],
  ["Audit", "/t/demo/audit", "Audit"],
  ["API reference", "/t/demo/api", "API reference"],
];

/**
 * Lists fetched in the browser show a placeholder ("Loading…" or a pulsing block) until their data
 * arrives: once every one has gone, the page has hydrated and holds its real content.
 */
export async function waitForContent(page: Page) {
  await expect(page.locator(".animate-pulse")).toHaveCount(0);
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
}
