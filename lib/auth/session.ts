import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";
import { getUserById } from "./users";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
}

/**
 * The signed-in user, re-read from the database on every request so a deactivated account or a
 * revoked superuser flag takes effect at once, whatever the JWT still says.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById({ id });
  if (!user || !user.isActive) return null;
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser };
}

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}
