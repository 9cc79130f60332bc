import { and, count, eq, gt, isNull } from "drizzle-orm";
import { auditLog, passwordResetTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { hashLinkToken } from "@/lib/auth/tokens";
import { nextSessionVersion } from "@/lib/auth/users";
import { appUrl, readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import { withSystem } from "@/lib/tenancy/with-tenant";

const INVALID_RESET = "This reset link is not valid any more. Ask an admin for a new one.";

const self = (user: { id: string; email: string }) => ({ tenantId: null, userId: user.id, email: user.email });

/** What sign-up answers, the same whether the address was new or already had an account. */
export interface SignUpReceipt {
  email: string;
}

/**
 * Tells an account holder that someone tried to create an account with their address. Never awaited
 * by the caller: the mail server's delay would otherwise time which addresses have accounts.
 */
export async function warnAccountHolder(email: string, attempt: string): Promise<void> {
  try {
    await sendMail({
      to: email,
      subject: "Someone tried to create an account with your address",
      text: `Someone tried to create a Knowledge Console account for ${email}, which already has one, ${attempt}. If it was you, sign in instead: ${appUrl("/login")}\nIf you have forgotten the password, ask an admin for a reset link.\n`,
    });
  } catch (error) {
    console.error("sending an account-exists warning failed", { error });
  }
}

/**
 * Open sign-up, when ALLOW_SIGNUP=open; otherwise accounts come from invitations. An address that
 * already has an account gets the same answer after the same work (the password hash), and its
 * owner an email, so sign-up does not tell anyone which addresses have accounts.
 */
export async function signUp({ email, fullName, password }: { email: string; fullName: string; password: string }): Promise<SignUpReceipt> {
  if (readEnv().ALLOW_SIGNUP !== "open") {
    throw new AppError("forbidden:signup", "Sign-up is by invitation only. Ask a workspace admin to invite you.");
  }
  const passwordHash = await hashPassword(password);
  const created = await withSystem("sign up", async (tx) => {
    const [row] = await tx.insert(users).values({ email, fullName, passwordHash }).onConflictDoNothing().returning({ id: users.id, email: users.email });
    await recordAudit(
      tx,
      row ? self(row) : { tenantId: null, email },
      row
        ? { action: "user.created", targetType: "user", targetId: row.id, details: { via: "signup" } }
        : { action: "user.signup_existing", targetType: "user", details: { via: "signup" } },
    );
    return Boolean(row);
  });
  if (!created) void warnAccountHolder(email, "through sign-up");
  return { email };
}

export async function updateProfile({ user, fullName }: { user: { id: string; email: string }; fullName: string }): Promise<void> {
  await withSystem("update one's own profile", async (tx) => {
    const [before] = await tx.select({ fullName: users.fullName }).from(users).where(eq(users.id, user.id));
    await tx.update(users).set({ fullName }).where(eq(users.id, user.id));
    await recordAudit(tx, self(user), { action: "user.profile_updated", targetType: "user", targetId: user.id, before, after: { fullName } });
  });
}

export const MAX_PASSWORD_CHANGE_FAILURES = 5;
const PASSWORD_CHANGE_WINDOW_MINUTES = 15;

/**
 * Changes one's own password. Wrong current passwords are audited and limited like sign-in, so a
 * stolen session cannot be used to guess the password behind it.
 */
export async function changePassword({ user, currentPassword, newPassword }: { user: { id: string; email: string }; currentPassword: string; newPassword: string }): Promise<void> {
  const since = new Date(Date.now() - PASSWORD_CHANGE_WINDOW_MINUTES * 60_000);
  const [failures] = await withSystem("count recent wrong current passwords", (tx) =>
    tx
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.password_change_failed"), eq(auditLog.targetId, user.id), gt(auditLog.createdAt, since))),
  );
  if ((failures?.n ?? 0) >= MAX_PASSWORD_CHANGE_FAILURES) {
    throw new AppError("rate_limited:password_change", `Too many wrong current passwords. Wait ${PASSWORD_CHANGE_WINDOW_MINUTES} minutes, then try again.`);
  }
  const [row] = await withSystem("read one's password hash", (tx) => tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) {
    await withSystem("audit a wrong current password", (tx) => recordAudit(tx, self(user), { action: "user.password_change_failed", targetType: "user", targetId: user.id }));
    throw new AppError("bad_request:current_password", "Your current password is not correct.");
  }
  if (currentPassword === newPassword) throw new AppError("bad_request:new_password", "Choose a password different from the current one.");
  const passwordHash = await hashPassword(newPassword);
  await withSystem("change one's password", async (tx) => {
    // Ends every session, this one too: whoever held the old password is signed out.
    await tx.update(users).set({ passwordHash, sessionVersion: nextSessionVersion() }).where(eq(users.id, user.id));
    await recordAudit(tx, self(user), { action: "user.password_changed", targetType: "user", targetId: user.id });
  });
}

/** Sets a new password through a one-time reset link; the link works once. */
export async function resetPasswordWithToken({ token, newPassword }: { token: string; newPassword: string }): Promise<{ email: string }> {
  // Checked before the deliberately slow hash, so made-up tokens cost the server nothing.
  if (!(await isResetTokenValid({ token }))) throw new AppError("not_found:reset", INVALID_RESET);
  const passwordHash = await hashPassword(newPassword);
  return withSystem("reset a password through a link", async (tx) => {
    const [reset] = await tx
      .select()
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.tokenHash, hashLinkToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date())))
      .for("update");
    if (!reset) throw new AppError("not_found:reset", INVALID_RESET);
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: nextSessionVersion() })
      .where(eq(users.id, reset.userId)).returning({ id: users.id, email: users.email });
    await tx.update(passwordResetTokens).set({ usedAt: new Date() }).where(eq(passwordResetTokens.id, reset.id));
    // Any other link still out for this account dies with this one.
    await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, reset.userId), isNull(passwordResetTokens.usedAt)));
    await recordAudit(tx, self(user!), { action: "user.password_reset", targetType: "user", targetId: user!.id });
    return { email: user!.email };
  });
}

export async function isResetTokenValid({ token }: { token: string }): Promise<boolean> {
  const [row] = await withSystem("check a reset link", (tx) =>
    tx
      .select({ id: passwordResetTokens.id })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.tokenHash, hashLinkToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date()))),
  );
  return Boolean(row);
}
