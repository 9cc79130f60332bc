import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { AppError } from "@/lib/errors";
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
  sessionVersion: number;
}

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Failed attempts in the window, per attempted email and per client address, counted from the
 * audit log: it works the same with many server instances and survives restarts.
 */
async function recentFailures(email: string, ip: string | undefined): Promise<{ byEmail: number; byIp: number }> {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const [row] = await withSystem("count recent failed sign-ins", (tx) =>
    tx
      .select({
        byEmail: sql<number>`count(*) filter (where ${auditLog.actor}->>'email' = ${email})::int`,
        byIp: ip ? sql<number>`count(*) filter (where ${auditLog.ip} = ${ip}::inet)::int` : sql<number>`0`,
      })
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sign_in_failed"), gt(auditLog.createdAt, since))),
  );
  return { byEmail: row?.byEmail ?? 0, byIp: row?.byIp ?? 0 };
}

/**
 * Checks email + password; null for a wrong email or password, with one answer for both so accounts
 * are not enumerable. Throws a rate_limited AppError during a cool-down after repeated failures.
 */
export async function signInWithPassword(input: unknown, ip?: string): Promise<SignedInUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const failures = await recentFailures(email, ip);
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
    await withSystem("audit a throttled sign-in", (tx) =>
      recordAudit(tx, { tenantId: null, email }, { action: "auth.sign_in_throttled", targetType: "user", ip, details: failures }),
    );
    throw new AppError(
      "rate_limited:sign_in",
      `Too many failed sign-in attempts. Wait ${SIGN_IN_WINDOW_MINUTES} minutes, then try again, or ask an admin for a password reset link.`,
    );
  }
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
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser, sessionVersion: user.sessionVersion };
}
