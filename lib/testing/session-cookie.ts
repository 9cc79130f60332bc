import { encode, type JWT } from "next-auth/jwt";
import { signInClaims } from "@/lib/auth/session-token";

interface CookieUser {
  id: string;
  email?: string;
  isSuperuser?: boolean;
  sessionVersion?: number;
}

/** The session cookie a fresh sign-in would set, for calling route handlers in tests; `claims` override any of its claims. */
export async function sessionCookie(user: CookieUser, secret: string, claims: JWT = {}): Promise<string> {
  const token: JWT = {
    email: user.email,
    ...signInClaims({ id: user.id, isSuperuser: user.isSuperuser ?? false, sessionVersion: user.sessionVersion ?? 0 }),
    ...claims,
  };
  return `next-auth.session-token=${await encode({ token, secret })}`;
}
