import { eq, sql } from "drizzle-orm";
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

export async function getUserById({ id }: { id: string }): Promise<User | undefined> {
  const { db } = await getDatabase();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

export async function markSignedIn({ id }: { id: string }): Promise<void> {
  const { db } = await getDatabase();
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
}
