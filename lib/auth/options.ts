import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { cookies, headers } from "next/headers";
import { oidcSettings, readEnv, type OidcSettings } from "@/lib/env";
import { SSO_PROVIDER_ID, type SsoClaims } from "@/lib/sso/claims";
import { signInWithSso, SsoRefusedError } from "@/lib/sso/sso-sign-in";
import { toAppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/health/database-unavailable";
import { clientAddress } from "@/lib/security/client-address";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieName, deviceTokenFrom, issueDeviceToken } from "./device-cookie";
import { userForSessionToken } from "./session";
import { signInClaims, touchSession } from "./session-token";
import { signInWithPassword } from "./sign-in";
import { endSessions } from "./users";
import { safeRedirectPath } from "@/lib/security/safe-redirect";

type RequestHeaders = Record<string, string | string[] | undefined>;

/** Marks this browser as one that signed in to `email`, so failures from elsewhere never lock it out. */
async function rememberDevice(email: string): Promise<void> {
  const token = issueDeviceToken(email);
  if (!token) return;
  const secure = readEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
  (await cookies()).set(deviceCookieName(), token, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS });
}

/**
 * Single sign-on through the configured OpenID Connect provider: discovery at the issuer, the
 * authorization code flow with PKCE and state, claims from the verified ID token. The profile is
 * only the provider's word; the signIn callback turns it into one of our accounts.
 */
function oidcProvider(oidc: OidcSettings): OAuthConfig<SsoClaims> {
  const issuer = oidc.issuer.replace(/\/$/, "");
  return {
    id: SSO_PROVIDER_ID,
    name: oidc.name,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile groups" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (claims) => ({ id: claims.sub, email: claims.email ?? "", name: claims.name ?? "", isSuperuser: false, sessionVersion: -1 }),
  };
}

const oidc = oidcSettings();

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: readEnv().SESSION_MAX_HOURS * 3600 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const headers: RequestHeaders = req?.headers ?? {};
          const cookieHeader = headers.cookie;
          const deviceToken = deviceTokenFrom(Array.isArray(cookieHeader) ? cookieHeader.join("; ") : cookieHeader);
          const user = await signInWithPassword(credentials, { ip: clientAddress(headers), deviceToken });
          if (!user) return null;
          await rememberDevice(user.email);
          return { id: user.id, email: user.email, name: user.name, isSuperuser: user.isSuperuser, sessionVersion: user.sessionVersion };
        } catch (error) {
          // next-auth hands a thrown message to the sign-in form: only user-safe text may pass.
          throw new Error(toAppError(error, { during: "sign-in" }).message);
        }
      },
    }),
    ...(oidc ? [oidcProvider(oidc)] : []),
  ],
  callbacks: {
    /**
     * An SSO sign-in becomes a session of our own account (linked or created by a verified email,
     * with the workspaces' rules applied), or a way back to the login page that says why not.
     * The user object is the one next-auth hands on to `jwt`, so it takes our account's fields.
     */
    async signIn({ user, account, profile }) {
      if (account?.provider !== SSO_PROVIDER_ID) return true;
      try {
        const signedIn = await signInWithSso(profile, { ip: clientAddress(await headers()) });
        Object.assign(user, signedIn, { signedInWith: "sso" });
        await rememberDevice(signedIn.email);
        return true;
      } catch (error) {
        if (error instanceof SsoRefusedError) return `/login?error=${error.reason}`;
        toAppError(error, { during: "single sign-on" });
        return "/login?error=SsoFailed";
      }
    },
    // Sign-in and sign-out callbacks land on this site only, through the same check as the login page.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeRedirectPath(path)}`;
    },
    async jwt({ token, user }) {
      if (user) return { ...token, ...signInClaims(user) };
      // Every later read through next-auth (the browser's /api/auth/session) re-issues the cookie:
      // an ended session throws, which makes next-auth clear the cookie instead.
      let current: Awaited<ReturnType<typeof userForSessionToken>>;
      try {
        current = await userForSessionToken(token);
      } catch (error) {
        // A database that cannot be reached says nothing about the session: throwing would sign
        // everyone out of an outage. Kept as it is (not touched); every page and route still
        // re-reads the user before it serves anything.
        if (isDatabaseUnavailable(error)) return token;
        throw error;
      }
      if (!current) throw new Error("The session has ended.");
      return touchSession(token);
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        isSuperuser: Boolean(token.su),
      };
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.uid === "string" && typeof token.sv === "number") await endSessions({ id: token.uid, version: token.sv });
    },
  },
};
