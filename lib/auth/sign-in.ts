import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { dummyPasswordHash, verifyPassword } from "./password";
import { getUserByEmail, markSignedIn } from "./users";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
}

/** Checks email + password; null for any failure, with one message for all so accounts are not enumerable. */
export async function signInWithPassword(input: unknown, ip?: string): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await getUserByEmail({ email });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  const accepted = Boolean(user && user.isActive && user.passwordHash && ok);

  await withSystem("audit sign-in attempt", (tx) =>
    recordAudit(
      tx,
      { tenantId: null, userId: user?.id, email },
      { action: accepted ? "auth.sign_in" : "auth.sign_in_failed", targetType: "user", targetId: user?.id, ip },
    ),
  );
  if (!accepted || !user) return null;
  await markSignedIn({ id: user.id });
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser };
}
