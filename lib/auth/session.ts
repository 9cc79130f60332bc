import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { authOptions } from "./options";
import { getUserById } from "./users";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
}

/**
 * The user behind a session token's id, re-read from the database on every request so a
 * deactivated account or a revoked superuser flag takes effect at once, whatever the JWT says.
 */
export async function loadSessionUser(userId: string | undefined): Promise<SessionUser | null> {
  if (!userId) return null;
  const user = await getUserById({ id: userId });
  if (!user || !user.isActive) return null;
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser };
}

/** In server components and server actions. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return loadSessionUser(session?.user?.id);
}

/** In route handlers: reads the session cookie from the request itself. */
export async function getRequestUser(request: NextRequest): Promise<SessionUser | null> {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  return loadSessionUser(typeof token?.uid === "string" ? token.uid : undefined);
}

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}
