import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readEnv } from "@/lib/env";

// OWASP's device cookies: a browser that has signed in to an account carries a token signed for
// that account, and failures from anywhere else never lock that browser out (lib/auth/sign-in-throttle.ts).

/** Half a year: a browser stays known while its person signs in now and then (each sign-in renews it). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 86_400;

const normalised = (email: string) => email.trim().toLowerCase();

function signature(secret: string, email: string, id: string): Buffer {
  return createHmac("sha256", secret).update(`device-cookie\0${normalised(email)}\0${id}`).digest();
}

/** The cookie's name; with an https console URL it gets the `__Host-` prefix, like the session cookie's `__Secure-`. */
export function deviceCookieName(): string {
  return readEnv().NEXTAUTH_URL?.startsWith("https://") ? "__Host-tkc.device" : "tkc.device";
}

/** A new token for a browser that just signed in to `email`; null when no signing secret is configured. */
export function issueDeviceToken(email: string): string | null {
  const secret = readEnv().NEXTAUTH_SECRET;
  if (!secret) return null;
  const id = randomBytes(16).toString("base64url");
  return `${id}.${signature(secret, email, id).toString("base64url")}`;
}

/** The token's id when this server signed it for `email`, else null (absent, forged, or another account's). */
export function deviceIdFor(token: string | undefined, email: string): string | null {
  const secret = readEnv().NEXTAUTH_SECRET;
  const [id, mac, extra] = token?.split(".") ?? [];
  if (!secret || !id || !mac || extra !== undefined) return null;
  const expected = signature(secret, email, id);
  const given = Buffer.from(mac, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The device token in a `Cookie` request header, if any. */
export function deviceTokenFrom(cookieHeader: string | undefined): string | undefined {
  const name = deviceCookieName();
  for (const pair of cookieHeader?.split(";") ?? []) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
