import type { Server } from "node:http";

/** The e2e server's single sign-on issuer (playwright.config.ts); a spec that signs in through SSO runs the provider here. */
export const E2E_OIDC_PORT = Number(process.env.E2E_PORT ?? 3100) + 2;
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PORT}`;
export const E2E_OIDC_CLIENT = { id: "e2e-console", secret: "e2e-console-secret-that-is-long-enough" };
export const E2E_OIDC_NAME = "Test ID";

export interface TestAccount {
  email: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

/**
 * A real, certified OpenID Connect provider (`oidc-provider`) on loopback, with its development
 * sign-in pages: any login and password signs in as the account whose email is the login. Claims
 * go into the ID token itself (conformIdTokenClaims off), as Keycloak and Entra ID send them.
 */
export async function startOidcProvider({ consoleUrl, accounts }: { consoleUrl: string; accounts: TestAccount[] }): Promise<{ close: () => Promise<void> }> {
  const byEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a]));
  // Loaded here, not at the top: playwright.config.ts reads this file's constants only.
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(E2E_OIDC_ISSUER, {
    clients: [
      {
        client_id: E2E_OIDC_CLIENT.id,
        client_secret: E2E_OIDC_CLIENT.secret,
        redirect_uris: [new URL("/api/auth/callback/oidc", consoleUrl).toString()],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-oidc-cookie-key"] },
    async findAccount(_ctx, id) {
      const account = byEmail.get(id.toLowerCase()) ?? { email: id };
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name ?? account.email, groups: account.groups ?? [] };
        },
      };
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(E2E_OIDC_PORT, "127.0.0.1", () => resolve(listening));
    listening.once("error", reject);
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
