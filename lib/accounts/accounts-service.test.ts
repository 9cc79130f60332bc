import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, passwordResetTokens, users } from "@/db/schema";
import { issuePasswordResetAction } from "@/lib/admin/actions";
import { runAction, type ActionResult } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import { hashPassword } from "@/lib/auth/password";
import { userForSessionToken, type SessionUser } from "@/lib/auth/session";
import { signInClaims } from "@/lib/auth/session-token";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { hashLinkToken, newLinkToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { isResetTokenValid } from "./accounts-service";
import mostCommon from "./common-passwords.json";
import { changePasswordAction, resetPasswordAction, signUpAction, updateProfileAction } from "./actions";

const OLD_PASSWORD = "correct horse battery";

/** The session a new account's sign-in (session version 0) would carry. */
const sessionOf = (user: SessionUser) => signInClaims({ ...user, sessionVersion: 0 });

function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

function expectRefusal(result: ActionResult<unknown>, code: string, message?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (message) expect(result.error.message).toMatch(message);
}

describe("accounts", () => {
  let handle: DatabaseHandle;
  let passwordHash: string;
  let root: SessionUser;
  let seq = 0;
  const savedSignup = process.env.ALLOW_SIGNUP;

  beforeAll(async () => {
    delete process.env.ALLOW_SIGNUP;
    handle = await createTestDatabase();
    passwordHash = await hashPassword(OLD_PASSWORD);
    root = await makeUser("root", true);
  });

  afterAll(async () => {
    await handle?.close();
    if (savedSignup === undefined) delete process.env.ALLOW_SIGNUP;
    else process.env.ALLOW_SIGNUP = savedSignup;
  });

  afterEach(() => {
    delete process.env.ALLOW_SIGNUP;
  });

  async function makeUser(name: string, superuser = false): Promise<SessionUser> {
    seq += 1;
    const [row] = await handle.db
      .insert(users)
      .values({ email: `${name}.${seq}@example.test`, fullName: name, passwordHash, isSuperuser: superuser })
      .returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: superuser };
  }

  const ctx = (user: SessionUser | null): RequestContext => ({ user, ip: "10.0.0.21" });

  async function userRow(id: string) {
    const [row] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.id, id)));
    return row!;
  }

  describe("sign-up", () => {
    it("is refused by default: accounts come from invitations", async () => {
      const result = await runAction(signUpAction, ctx(null), { email: "eager@example.test", fullName: "Eager", password: "a long passphrase" });
      expectRefusal(result, "forbidden:signup", /invitation only/i);
      expect(await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, "eager@example.test")))).toHaveLength(0);
    });

    it("with ALLOW_SIGNUP=open creates the account, which can sign in", async () => {
      process.env.ALLOW_SIGNUP = "open";
      const result = await runAction(signUpAction, ctx(null), { email: " Open.Door@Example.TEST ", fullName: " Open Door ", password: "a long passphrase" });
      expect(unwrap(result)).toEqual({ email: "open.door@example.test" });
      const [created] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, "open.door@example.test")));
      expect(created).toMatchObject({ fullName: "Open Door", isActive: true, isSuperuser: false });
      expect(await signInWithPassword({ email: "open.door@example.test", password: "a long passphrase" })).toMatchObject({ id: created!.id });
      const [entry] = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, "user.created"), eq(auditLog.targetId, created!.id))),
      );
      expect(entry).toMatchObject({ tenantId: null, details: { via: "signup" } });
    });

    it("answers a sign-up for an address that has an account exactly as for a new one, and changes nothing", async () => {
      process.env.ALLOW_SIGNUP = "open";
      const existing = await makeUser("taken");
      const fresh = `fresh.${seq++}@example.test`;
      const forNew = await runAction(signUpAction, ctx(null), { email: fresh, fullName: "Fresh", password: "another passphrase" });
      const forTaken = await runAction(signUpAction, ctx(null), { email: existing.email.toUpperCase(), fullName: "Twin", password: "another passphrase" });
      expect(forNew).toEqual({ ok: true, data: { email: fresh } });
      expect(forTaken).toEqual({ ok: true, data: { email: existing.email } });

      expect(await withSystem("test", (tx) => tx.select().from(users).where(eq(users.fullName, "Twin")))).toHaveLength(0);
      expect(await userRow(existing.id)).toMatchObject({ fullName: "taken", passwordHash });
      expect(await signInWithPassword({ email: existing.email, password: "another passphrase" })).toBeNull();
      const attempts = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "user.signup_existing")));
      expect(attempts.map((a) => a.actor.email)).toContain(existing.email);
    });

    it("checks new passwords against the 3,000 most common, whatever their case", async () => {
      expect(mostCommon).toHaveLength(3000);
      expect(new Set(mostCommon).size).toBe(3000);
      process.env.ALLOW_SIGNUP = "open";
      for (const password of ["password123", "Qwertyuiop", "1qaz2wsx3edc", "MANCHESTER"]) {
        const result = await runAction(signUpAction, ctx(null), { email: `common.${seq++}@example.test`, fullName: "Common", password });
        expectRefusal(result, "bad_request:input", /one of the most common passwords/);
      }
    });

    it.each([
      ["too short", "abc123", /at least 10 characters/],
      ["fewer than 4 distinct characters", "abababababab", /at least four different characters/],
      ["one repeated character", "aaaaaaaaaaaaaaaa", /at least four different characters/],
      ["surrounded by spaces", " spaced out pass ", /start or end the password with a space/],
      ["too long", "abcd".repeat(33), /at most 128 characters/],
    ])("refuses a password that is %s, naming the rule", async (_case, password, rule) => {
      process.env.ALLOW_SIGNUP = "open";
      const email = `weak.${seq++}@example.test`;
      const result = await runAction(signUpAction, ctx(null), { email, fullName: "Weak", password });
      expectRefusal(result, "bad_request:input", rule);
      if (!result.ok) {
        expect(result.error.message).not.toMatch(/password:/);
        expect(result.error.fieldErrors?.password?.join(" ")).toMatch(rule);
      }
      expect(await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, email)))).toHaveLength(0);
    });
  });

  describe("change password", () => {
    it("needs the right current password", async () => {
      const user = await makeUser("changer");
      const before = await userRow(user.id);
      expectRefusal(
        await runAction(changePasswordAction, ctx(user), { currentPassword: "not my password", newPassword: "a brand new phrase" }),
        "bad_request:current_password",
        /current password is not correct/i,
      );
      expect((await userRow(user.id)).passwordHash).toBe(before.passwordHash);
    });

    it("refuses a weak new password and the same password again", async () => {
      const user = await makeUser("weak-changer");
      expectRefusal(
        await runAction(changePasswordAction, ctx(user), { currentPassword: OLD_PASSWORD, newPassword: "short" }),
        "bad_request:input",
        /^Use at least 10 characters/,
      );
      expectRefusal(
        await runAction(changePasswordAction, ctx(user), { currentPassword: OLD_PASSWORD, newPassword: "xyxyxyxyxyxy" }),
        "bad_request:input",
        /four different characters/,
      );
      expectRefusal(
        await runAction(changePasswordAction, ctx(user), { currentPassword: OLD_PASSWORD, newPassword: OLD_PASSWORD }),
        "bad_request:new_password",
        /different from the current one/,
      );
    });

    it("with the right current password, the new one works and the old one no longer does", async () => {
      const user = await makeUser("good-changer");
      expect(await userForSessionToken(sessionOf(user))).toEqual(user);
      expect(await runAction(changePasswordAction, ctx(user), { currentPassword: OLD_PASSWORD, newPassword: "a brand new phrase" })).toEqual({
        ok: true,
        data: undefined,
      });
      expect(await userForSessionToken(sessionOf(user))).toBeNull();
      const signedIn = await signInWithPassword({ email: user.email, password: "a brand new phrase" });
      expect(signedIn).toMatchObject({ id: user.id });
      expect(await userForSessionToken(signInClaims(signedIn!))).toEqual(user);
      expect(await signInWithPassword({ email: user.email, password: OLD_PASSWORD })).toBeNull();
      const [entry] = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, "user.password_changed"), eq(auditLog.targetId, user.id))),
      );
      expect(entry).toMatchObject({ tenantId: null, actor: { userId: user.id } });
      expect(JSON.stringify(entry)).not.toContain("a brand new phrase");
    });
  });

  describe("profile", () => {
    it("updates one's own name only, trimmed, with before/after in the audit log", async () => {
      const user = await makeUser("profiled");
      const bystander = await makeUser("bystander");
      expect(await runAction(updateProfileAction, ctx(user), { fullName: "  Pro Filed  " })).toEqual({ ok: true, data: undefined });
      expect((await userRow(user.id)).fullName).toBe("Pro Filed");
      expect((await userRow(bystander.id)).fullName).toBe("bystander");
      const [entry] = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, "user.profile_updated"), eq(auditLog.targetId, user.id))),
      );
      expect(entry).toMatchObject({ details: { before: { fullName: "profiled" }, after: { fullName: "Pro Filed" } } });
    });

    it("refuses an empty name", async () => {
      const user = await makeUser("nameless");
      expectRefusal(await runAction(updateProfileAction, ctx(user), { fullName: "   " }), "bad_request:input", /enter your name/i);
      expect((await userRow(user.id)).fullName).toBe("nameless");
    });
  });

  describe("admin reset link", () => {
    function tokenOf(link: string): string {
      const match = /\/reset\/([A-Za-z0-9_-]+)$/.exec(link);
      if (!match) throw new Error(`not a reset link: ${link}`);
      return match[1]!;
    }

    it("a superuser issues a link; the user sets a new password with it and signs in; the link works once", async () => {
      const user = await makeUser("forgetful");
      const issued = unwrap(await runAction(issuePasswordResetAction, ctx(root), { userId: user.id }));
      const token = tokenOf(issued.link);
      expect(issued.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23.9 * 3_600_000);
      expect(await isResetTokenValid({ token })).toBe(true);
      const [stored] = await withSystem("test", (tx) => tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)));
      expect(stored).toMatchObject({ tokenHash: hashLinkToken(token), createdBy: root.id, usedAt: null });

      // The user, not signed in, follows the link; whoever still holds a session of theirs is signed out.
      expect(await userForSessionToken(sessionOf(user))).toEqual(user);
      expect(await runAction(resetPasswordAction, ctx(null), { token, password: "reset to this phrase" })).toEqual({ ok: true, data: { email: user.email } });
      expect(await userForSessionToken(sessionOf(user))).toBeNull();
      expect(await signInWithPassword({ email: user.email, password: "reset to this phrase" })).toMatchObject({ id: user.id });
      expect(await signInWithPassword({ email: user.email, password: OLD_PASSWORD })).toBeNull();

      expect(await isResetTokenValid({ token })).toBe(false);
      expectRefusal(await runAction(resetPasswordAction, ctx(null), { token, password: "yet another phrase" }), "not_found:reset", /not valid any more/);
      expect(await signInWithPassword({ email: user.email, password: "reset to this phrase" })).toMatchObject({ id: user.id });
      const actions = (
        await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.targetId, user.id)))
      ).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(["user.password_reset_issued", "user.password_reset"]));
    });

    // Issue #18, finding 7: an older link stayed valid after a newer one was used.
    it("a new link replaces the one before it, and using a link ends every other", async () => {
      const user = await makeUser("twice");
      const first = tokenOf(unwrap(await runAction(issuePasswordResetAction, ctx(root), { userId: user.id })).link);
      const second = tokenOf(unwrap(await runAction(issuePasswordResetAction, ctx(root), { userId: user.id })).link);
      expect(await isResetTokenValid({ token: first })).toBe(false);
      expect(await isResetTokenValid({ token: second })).toBe(true);
      expectRefusal(await runAction(resetPasswordAction, ctx(null), { token: first, password: "from the old link" }), "not_found:reset");

      // A link issued while another is out (as if two were sent at once): using either ends both.
      const third = newLinkToken();
      await withSystem("test", (tx) => tx.insert(passwordResetTokens).values({ userId: user.id, tokenHash: third.tokenHash, expiresAt: new Date(Date.now() + 3_600_000) }));
      expect(await runAction(resetPasswordAction, ctx(null), { token: second, password: "from the second link" })).toEqual({ ok: true, data: { email: user.email } });
      expect(await isResetTokenValid({ token: third.token })).toBe(false);
      expectRefusal(await runAction(resetPasswordAction, ctx(null), { token: third.token, password: "from the third link" }), "not_found:reset");
      expect(await signInWithPassword({ email: user.email, password: "from the second link" })).toMatchObject({ id: user.id });
    });

    it("a reset link refuses a weak password and stays usable", async () => {
      const user = await makeUser("picky");
      const { link } = unwrap(await runAction(issuePasswordResetAction, ctx(root), { userId: user.id }));
      expectRefusal(await runAction(resetPasswordAction, ctx(null), { token: tokenOf(link), password: "aaaabbbb" }), "bad_request:input", /at least 10/);
      expect(await isResetTokenValid({ token: tokenOf(link) })).toBe(true);
    });

    it("an expired link is refused", async () => {
      const user = await makeUser("slow");
      const { link } = unwrap(await runAction(issuePasswordResetAction, ctx(root), { userId: user.id }));
      await withSystem("test", (tx) =>
        tx.update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetTokens.userId, user.id)),
      );
      expect(await isResetTokenValid({ token: tokenOf(link) })).toBe(false);
      expectRefusal(await runAction(resetPasswordAction, ctx(null), { token: tokenOf(link), password: "too late phrase" }), "not_found:reset");
      expect(await signInWithPassword({ email: user.email, password: OLD_PASSWORD })).toMatchObject({ id: user.id });
    });

    it("a link for an unknown user is not found, and a non-superuser cannot issue one", async () => {
      expectRefusal(await runAction(issuePasswordResetAction, ctx(root), { userId: crypto.randomUUID() }), "not_found:user");
      const plain = await makeUser("plain");
      expectRefusal(await runAction(issuePasswordResetAction, ctx(plain), { userId: plain.id }), "forbidden:superuser");
    });
  });
});
