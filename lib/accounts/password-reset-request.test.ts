import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, passwordResetTokens, users } from "@/db/schema";
import { runAction } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { startSmtpInbox } from "@/lib/testing/smtp-inbox";
import { createTestDatabase } from "@/lib/testing/test-database";
import { requestPasswordResetAction, resetPasswordAction } from "./actions";
import { RESET_REQUESTS_PER_ADDRESS, SELF_SERVICE_RESET_MINUTES } from "./password-reset-request";

// Issue #18, item 4: "Forgot password?" emails a one-time link, says the same for unknown addresses,
// is limited per address and client, and expires in 30 minutes; without SMTP it says to ask an admin.
describe("self-service password reset", () => {
  let handle: DatabaseHandle;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let seq = 0;
  const ctx = (ip: string): RequestContext => ({ user: null, ip });

  beforeAll(async () => {
    handle = await createTestDatabase();
    inbox = await startSmtpInbox();
  });

  afterAll(async () => {
    await inbox?.close();
    await handle?.close();
  });

  afterEach(() => {
    delete process.env.SMTP_URL;
  });

  async function makeUser(active = true) {
    seq += 1;
    const [row] = await handle.db
      .insert(users)
      .values({ email: `forgetful.${seq}@example.test`, fullName: "Forgetful", passwordHash: await hashPassword("the old long password"), isActive: active })
      .returning();
    return row!;
  }

  const linkIn = (text: string) => /https?:\/\/\S+\/reset\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

  it("emails an account a link that sets a new password once and expires in 30 minutes", async () => {
    process.env.SMTP_URL = inbox.url;
    const user = await makeUser();
    const started = Date.now();
    const answer = await runAction(requestPasswordResetAction, ctx("10.1.0.1"), { email: ` ${user.email.toUpperCase()} ` });
    expect(answer).toEqual({ ok: true, data: { emailed: true, minutes: SELF_SERVICE_RESET_MINUTES } });

    const mail = await inbox.waitForMailTo(user.email);
    expect(mail.text).toContain("Subject: Reset your Knowledge Console password");
    const token = linkIn(mail.text);
    expect(token).toBeDefined();
    const [row] = await withSystem("test", (tx) => tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)));
    expect(row!.expiresAt.getTime()).toBeGreaterThanOrEqual(started + 30 * 60_000);
    expect(row!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    expect(await runAction(resetPasswordAction, ctx("10.1.0.1"), { token: token!, password: "a brand new passphrase" })).toEqual({ ok: true, data: { email: user.email } });
    const [after] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.id, user.id)));
    expect(await verifyPassword(after!.passwordHash!, "a brand new passphrase")).toBe(true);
    expect(await runAction(resetPasswordAction, ctx("10.1.0.1"), { token: token!, password: "once more please" })).toMatchObject({ ok: false, error: { code: "not_found:reset" } });
    const audited = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "user.password_reset_requested"))));
    expect(audited).toHaveLength(1);
  });

  it("answers an unknown or deactivated address exactly as a known one, and mails nobody", async () => {
    process.env.SMTP_URL = inbox.url;
    const inactive = await makeUser(false);
    const before = inbox.received.length;
    for (const email of ["nobody.here@example.test", inactive.email]) {
      expect(await runAction(requestPasswordResetAction, ctx("10.1.0.2"), { email })).toEqual({ ok: true, data: { emailed: true, minutes: SELF_SERVICE_RESET_MINUTES } });
    }
    // A known address's mail, sent after these, arrives; nothing came for the other two before it.
    const known = await makeUser();
    await runAction(requestPasswordResetAction, ctx("10.1.0.2"), { email: known.email });
    await inbox.waitForMailTo(known.email);
    expect(inbox.received.slice(before).map((m) => m.to)).toEqual([[known.email]]);
  });

  it("a newer link makes the earlier one useless", async () => {
    process.env.SMTP_URL = inbox.url;
    const user = await makeUser();
    await runAction(requestPasswordResetAction, ctx("10.1.0.3"), { email: user.email });
    const first = linkIn((await inbox.waitForMailTo(user.email)).text)!;
    await runAction(requestPasswordResetAction, ctx("10.1.0.3"), { email: user.email });
    await inbox.waitForMailTo(user.email, 2);
    expect(await runAction(resetPasswordAction, ctx("10.1.0.3"), { token: first, password: "from the first mail" })).toMatchObject({ ok: false, error: { code: "not_found:reset" } });
  });

  it(`is limited to ${RESET_REQUESTS_PER_ADDRESS} requests an hour per address, known or not, with how long to wait`, async () => {
    process.env.SMTP_URL = inbox.url;
    const email = `flooded.${seq}@example.test`;
    for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS; i++) expect((await runAction(requestPasswordResetAction, ctx(`10.2.0.${i}`), { email })).ok).toBe(true);
    const refused = await runAction(requestPasswordResetAction, ctx("10.2.0.99"), { email });
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited:password_reset", message: expect.stringMatching(/^Too many reset requests\. Wait \d+ minutes? and try again/) } });
  });

  it("without SMTP says no mail is sent, so an admin must issue the link", async () => {
    const user = await makeUser();
    expect(await runAction(requestPasswordResetAction, ctx("10.1.0.4"), { email: user.email })).toEqual({ ok: true, data: { emailed: false, minutes: SELF_SERVICE_RESET_MINUTES } });
    expect(await withSystem("test", (tx) => tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)))).toHaveLength(0);
  });
});
