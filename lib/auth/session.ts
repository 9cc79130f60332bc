import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { NextRequest } from "next/server";
import { nowSeconds, sessionEnd } from "./session-token";
import type { SignInMethod } from "@/lib/sso/claims";
import { getSessionFields } from "./users";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
  /** How this session signed in; a workspace that requires single sign-on opens only for "sso". Absent: password. */
  signedInWith?: SignInMethod;
}

/**
 * The user a session token stands for, or null when the session is over: past its idle or absolute
 * limit, or its session version no longer the user's (signed out, password changed, deactivated).
 * The user is re-read from the database on every request, so a deactivation or a revoked superuser
 * flag takes effect at once, whatever the token says.
 */
export async function userForSessionToken(token: JWT | null, now = nowSeconds()): Promise<SessionUser | null> {
  if (!token || sessionEnd(token, now)) return null;
  const user = await getSessionFields({ id: token.uid! });
  if (!user || !user.isActive || user.sessionVersion !== token.sv) return null;
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser, ...(token.via === "sso" ? { signedInWith: "sso" as const } : {}) };
}

/** In server components and server actions; once per request, however many layouts and pages ask. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  // getToken reads only `cookies.getAll()` and `headers`, which Next's request stores provide.
  const token = await getToken({ req: { cookies: cookieStore, headers: headerList } as unknown as NextRequest, secret: process.env.NEXTAUTH_SECRET });
  return userForSessionToken(token);
});

/** In route handlers: reads the session cookie from the request itself. */
export async function getRequestUser(request: NextRequest): Promise<SessionUser | null> {
  return userForSessionToken(await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }));
}

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}
