import type { JWT } from "next-auth/jwt";
import { readEnv, type Env } from "@/lib/env";

/** How often activity moves a session's last-seen time: often enough for the idle limit, rarely enough to spare re-issuing the cookie. */
export const LAST_SEEN_REFRESH_SECONDS = 60;

export type SessionEnd = "malformed" | "expired" | "idle";

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims a session starts with: its user, the user's session version, when it began and how. */
export function signInClaims(
  user: { id: string; isSuperuser: boolean; sessionVersion: number; signedInWith?: "password" | "sso" },
  now = nowSeconds(),
): Required<Pick<JWT, "uid" | "su" | "sv" | "auth" | "seen" | "via">> {
  return { uid: user.id, su: user.isSuperuser, sv: user.sessionVersion, auth: now, seen: now, via: user.signedInWith ?? "password" };
}

/**
 * Why a token's session is over by the clock, or null while it runs. The absolute limit counts from
 * sign-in (`auth`), which nothing refreshes; next-auth's own `iat`/`exp` move on every re-issue.
 */
export function sessionEnd(token: JWT, now = nowSeconds(), env: Pick<Env, "SESSION_IDLE_MINUTES" | "SESSION_MAX_HOURS"> = readEnv()): SessionEnd | null {
  const { uid, sv, auth, seen } = token;
  if (typeof uid !== "string" || !Number.isInteger(sv) || typeof auth !== "number" || typeof seen !== "number") return "malformed";
  if (now - auth >= env.SESSION_MAX_HOURS * 3600) return "expired";
  if (now - seen >= env.SESSION_IDLE_MINUTES * 60) return "idle";
  return null;
}

/** The token with its last-seen time moved to now, at most once a minute. */
export function touchSession(token: JWT, now = nowSeconds()): JWT {
  if (typeof token.seen === "number" && now - token.seen < LAST_SEEN_REFRESH_SECONDS) return token;
  return { ...token, seen: now };
}
