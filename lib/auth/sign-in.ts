import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { dummyPasswordHash, verifyPassword } from "./password";
import { beginSignInAttempt, settleSignInAttempt, SignInThrottledError, type SignInAttempt, type SignInClient } from "./sign-in-throttle";
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
  sessionVersion: number;
}

async function begin(email: string, client: SignInClient): Promise<SignInAttempt> {
  try {
    return await beginSignInAttempt(email, client);
  } catch (error) {
    if (error instanceof SignInThrottledError) {
      await withSystem("audit a throttled sign-in", (tx) =>
        recordAudit(
          tx,
          { tenantId: null, email },
          { action: "auth.sign_in_throttled", targetType: "user", ip: client.ip, details: { limit: error.limit, retryAfterSeconds: error.retryAfterSeconds } },
        ),
      );
    }
    throw error;
  }
}

/**
 * Checks email + password; null for a wrong email or password, with one answer and the same work
 * for both so accounts are not enumerable. Past a limit of lib/auth/sign-in-throttle.ts it throws
 * SignInThrottledError (429, saying how long to wait). `client` says where the attempt comes from.
 */
export async function signInWithPassword(input: unknown, client: SignInClient = {}): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const attempt = await begin(email, client);
  const user = await getUserByEmail({ email });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  const accepted = Boolean(user && user.isActive && user.passwordHash && ok);
  await settleSignInAttempt(attempt, accepted);

  await withSystem("audit sign-in attempt", (tx) =>
    recordAudit(
      tx,
      { tenantId: null, userId: user?.id, email },
      { action: accepted ? "auth.sign_in" : "auth.sign_in_failed", targetType: "user", targetId: user?.id, ip: client.ip },
    ),
  );
  if (!accepted || !user) return null;
  await markSignedIn({ id: user.id });
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser, sessionVersion: user.sessionVersion };
}
