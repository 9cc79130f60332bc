import type { Page, Response } from "@playwright/test";

/**
 * Waits until React has hydrated the page: the root layout's HydrationMarker sets
 * <html data-hydrated="true"> in an effect. Before that, a click on a client-side control does
 * nothing (a button whose handler has not arrived), which is what made specs flaky on a busy machine.
 */
export async function waitForHydration(page: Page, options: { timeout?: number } = {}): Promise<void> {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached", ...options });
}

/** page.goto, then waits for hydration: what a spec uses before clicking anything on the page. */
export async function gotoHydrated(page: Page, url: string, options?: Parameters<Page["goto"]>[1]): Promise<Response | null> {
  const response = await page.goto(url, options);
  await waitForHydration(page);
  return response;
}

/** page.reload, then waits for hydration. */
export async function reloadHydrated(page: Page, options?: Parameters<Page["reload"]>[0]): Promise<Response | null> {
  const response = await page.reload(options);
  await waitForHydration(page);
  return response;
}
