import { defineConfig, devices } from "@playwright/test";
import { E2E_OIDC_CLIENT, E2E_OIDC_ISSUER, E2E_OIDC_NAME } from "./e2e/oidc";
import { E2E_SMTP_PORT } from "./e2e/smtp";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "./e2e",
  // One embedded database behind one server: specs run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Long journeys on a loaded 2-core machine (a CI run beside a build) took over 30 s; a timeout is a hang guard, not a speed check.
  timeout: 60_000,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // This machine has no internet: keep Chromium from reaching out at start.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // The production build on a throw-away data directory, started the way the README says.
    // Mail goes to a loopback SMTP port that the specs reading mail listen on (e2e/smtp.ts); at other times it is refused.
    // Single sign-on likewise: e2e/sso.spec.ts runs the identity provider on the issuer's port (e2e/oidc.ts) before
    // signing in; next-auth reads its discovery document only then.
    command:
      `rm -rf .e2e-data && DATA_DIR=.e2e-data PORT=${PORT} SMTP_URL=smtp://127.0.0.1:${E2E_SMTP_PORT} ` +
      `OIDC_ISSUER=${E2E_OIDC_ISSUER} OIDC_CLIENT_ID=${E2E_OIDC_CLIENT.id} OIDC_CLIENT_SECRET=${E2E_OIDC_CLIENT.secret} OIDC_NAME="${E2E_OIDC_NAME}" npm start`,
    // Readiness, not liveness: the specs need the database, not only a process that answers.
    url: `${baseURL}/api/ready`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
