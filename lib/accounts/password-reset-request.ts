import { and, eq, isNull, sql } from "drizzle-orm";
import { passwordResetTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashLinkToken, newLinkToken } from "@/lib/auth/tokens";
import { appUrl, readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import { countHits, describeWait } from "@/lib/rate-limits/counter";
import { addressBucket } from "@/lib/security/client-address";
import { withSystem } from "@/lib/tenancy/with-tenant";

/** A link sent by email is a key to the account in someone's inbox: it lives half an hour. */
export const SELF_SERVICE_RESET_MINUTES = 30;
/** Requests per address and per client network an hour: enough to retry a lost mail, too few to flood an inbox. */
export const RESET_REQUESTS_PER_ADDRESS = 3;
export const RESET_REQUESTS_PER_NETWORK = 20;

/** The answer, the same for every address: it never tells whether one has an account. */
export interface ResetRequestReceipt {
  /** False when this console sends no mail: an admin must issue the link. */
  emailed: boolean;
  minutes: number;
}

export function selfServiceResetAvailable(): boolean {
  return Boolean(readEnv().SMTP_URL);
}

/**
 * "Forgot password?": emails an active account a one-time link valid SELF_SERVICE_RESET_MINUTES,
 * replacing any earlier unused link. Limited per address and per client network (counted for every
 * address, known or not). The mail is sent after the answer, so its delay does not tell which
 * addresses have accounts.
 */
export async function requestPasswordReset({ email, ip }: { email: string; ip?: string }): Promise<ResetRequestReceipt> {
  if (!selfServiceResetAvailable()) return { emailed: false, minutes: SELF_SERVICE_RESET_MINUTES };
  const hits = await countHits([`reset:address:${email}`, `reset:network:${ip ? addressBucket(ip) : "unknown"}`], 3600);
  const [address, network] = hits.sort((a, b) => (a.key < b.key ? -1 : 1));
  const over = [address && address.count > RESET_REQUESTS_PER_ADDRESS ? address : null, network && network.count > RESET_REQUESTS_PER_NETWORK ? network : null].find(Boolean);
  if (over) throw new AppError("rate_limited:password_reset", `Too many reset requests. Wait ${describeWait(over.resetSeconds)} and try again, or ask an admin for a link.`);

  const { token, tokenHash } = newLinkToken();
  const expiresAt = new Date(Date.now() + SELF_SERVICE_RESET_MINUTES * 60_000);
  const account = await withSystem("request a password reset link", async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${email}`, eq(users.isActive, true)));
    if (!user) return null;
    // One live link per account: a new one replaces any earlier one still unused.
    await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await tx.insert(passwordResetTokens).values({ userId: user.id, tokenHash, expiresAt, createdBy: user.id });
    await recordAudit(tx, { tenantId: null, userId: user.id, email: user.email }, { action: "user.password_reset_requested", targetType: "user", targetId: user.id, after: { expiresAt }, ip });
    return user;
  });
  if (account) void deliverResetLink(account.email, token);
  return { emailed: true, minutes: SELF_SERVICE_RESET_MINUTES };
}

async function deliverResetLink(email: string, token: string): Promise<void> {
  try {
    await sendMail({
      to: email,
      subject: "Reset your Knowledge Console password",
      text:
        `Someone asked to reset the password of the Knowledge Console account ${email}.\n\n` +
        `Choose a new password within ${SELF_SERVICE_RESET_MINUTES} minutes: ${appUrl(`/reset/${token}`)}\n\n` +
        "The link works once. If you did not ask for it, ignore this email: your password stays as it is.\n",
    });
  } catch (error) {
    // The person sees the same answer either way; the log keeps why no mail arrived.
    console.error("sending a password reset link failed", { error, tokenHash: hashLinkToken(token).slice(0, 12) });
  }
}
