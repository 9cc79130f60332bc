import { expect, test } from "./fixtures";

// A form with a password submitted before JavaScript arrives (a slow phone, a click before
// hydration) is sent by the browser itself: as a GET it would put the password in the address bar,
// the history and the server's logs. Every such form posts instead; the login page is the one
// anyone can reach.
test.use({ javaScriptEnabled: false });

test("the login form submitted without JavaScript keeps the password out of the URL", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill("someone@demo.test");
  await page.getByLabel("Password", { exact: true }).fill("never-in-a-url-1");
  const request = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const sent = await request;
  expect(sent.method()).toBe("POST");
  expect(sent.url()).not.toContain("never-in-a-url");
  await page.waitForLoadState();
  expect(page.url()).not.toContain("never-in-a-url");
  expect(await page.content()).not.toContain("never-in-a-url");
});
