import { and, eq, sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { users, type User } from "@/db/schema";

export async function getUserByEmail({ email }: { email: string }): Promise<User | undefined> {
  const { db } = await getDatabase();
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return user;
}

/** What every request's session check needs of its user, and no more (never the password hash). */
export async function getSessionFields({ id }: { id: string }) {
  const { db } = await getDatabase();
  const [user] = await db
    .select({ id: users.id, email: users.email, fullName: users.fullName, isSuperuser: users.isSuperuser, isActive: users.isActive, sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return user;
}

export async function markSignedIn({ id }: { id: string }): Promise<void> {
  const { db } = await getDatabase();
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
}

/** A `set` value that ends every session of the user at its next request. */
export const nextSessionVersion = () => sql`${users.sessionVersion} + 1`;

/**
 * Signing out ends all of the user's sessions, but only if the one signing out is still current:
 * a stale token (already ended elsewhere) must not end the sessions started since.
 */
export async function endSessions({ id, version }: { id: string; version: number }): Promise<void> {
  const { db } = await getDatabase();
  await db
    .update(users)
    .set({ sessionVersion: nextSessionVersion() })
    .where(and(eq(users.id, id), eq(users.sessionVersion, version)));
}
