/** The e2e server sends mail here (playwright.config.ts); a spec that reads mail listens on it. */
export const E2E_SMTP_PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
