import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, invitations, memberships, tenants, users, type Role } from "@/db/schema";
import { acceptInvitationAction, acceptInvitationAsNewUserAction } from "@/lib/accounts/actions";
import { runAction, type ActionResult } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import { hashPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { hashLinkToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { freePort } from "@/lib/testing/free-port";
import { startSmtpInbox, type ReceivedMail } from "@/lib/testing/smtp-inbox";
import { createTestDatabase } from "@/lib/testing/test-database";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "./actions";
import { getInvitationByToken, INVITATION_TTL_HOURS, listPendingInvitations } from "./invitations-service";

const HOUR = 3_600_000;

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

function tokenOf(link: string): string {
  const match = /\/invite\/([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) throw new Error(`not an invitation link: ${link}`);
  return match[1]!;
}

describe("invitations", () => {
  let handle: DatabaseHandle;
  let passwordHash: string;
  let seq = 0;
  const savedSmtp = process.env.SMTP_URL;

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    handle = await createTestDatabase();
    passwordHash = await hashPassword("correct horse battery");
  });
  afterAll(async () => {
    await handle?.close();
    if (savedSmtp === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = savedSmtp;
  });

  async function makeUser(email: string): Promise<SessionUser> {
    const [row] = await handle.db.insert(users).values({ email, fullName: email.split("@")[0]!, passwordHash }).returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: false };
  }

  async function makeTenant(roles: Role[]) {
    seq += 1;
    const slug = `inv-${seq}`;
    const name = `Invite Workspace ${seq}`;
    const [tenant] = await handle.db.insert(tenants).values({ name, slug }).returning();
    const people: SessionUser[] = [];
    for (const role of roles) people.push(await makeUser(`${role}.${seq}.${people.length}@example.test`));
    await withSystem("test", (tx) =>
      tx.insert(memberships).values(people.map((user, i) => ({ userId: user.id, tenantId: tenant!.id, role: roles[i]! }))),
    );
    return { id: tenant!.id, slug, name, people };
  }

  const ctx = (user: SessionUser | null): RequestContext => ({ user, ip: "10.0.0.9" });

  async function pendingFor(tenantId: string, email: string) {
    return withSystem("test", (tx) =>
      tx.select().from(invitations).where(and(eq(invitations.tenantId, tenantId), eq(invitations.email, email))),
    );
  }

  async function roleOf(tenantId: string, userId: string): Promise<Role | null> {
    const [row] = await withSystem("test", (tx) =>
      tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId))),
    );
    return row?.role ?? null;
  }

  it(`an invitation gives a /invite/<token> link valid ${INVITATION_TTL_HOURS} hours, not emailed without SMTP_URL`, async () => {
    const t = await makeTenant(["owner"]);
    const started = Date.now();
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: " New.Person@Example.TEST ", role: "member" }));
    expect(issued).toMatchObject({ email: "new.person@example.test", role: "member", emailed: false, replacedLink: false });
    const token = tokenOf(issued.link);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(issued.expiresAt.getTime()).toBeGreaterThanOrEqual(started + 72 * HOUR);
    expect(issued.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 72 * HOUR);

    const [row, ...others] = await pendingFor(t.id, "new.person@example.test");
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ id: issued.id, role: "member", invitedBy: t.people[0]!.id, acceptedAt: null });
    // Only the hash is stored, never the token.
    expect(row!.tokenHash).toBe(hashLinkToken(token));
    expect(row!.tokenHash).not.toContain(token);

    expect(await getInvitationByToken({ token })).toEqual({
      tenantId: t.id,
      tenantName: t.name,
      tenantSlug: t.slug,
      email: "new.person@example.test",
      role: "member",
      status: "valid",
    });
    const [entry] = await withSystem("test", (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.tenantId, t.id), eq(auditLog.action, "invitation.created"))),
    );
    expect(entry).toMatchObject({ targetId: issued.id, details: { after: { email: "new.person@example.test", role: "member" } } });
  });

  it("inviting someone who is already a member is a conflict, whatever the case of the address", async () => {
    const t = await makeTenant(["owner"]);
    const existing = await makeUser(`Mixed.Case.${seq}@Example.test`);
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: existing.id, tenantId: t.id, role: "viewer" }));
    for (const email of [existing.email, existing.email.toLowerCase(), t.people[0]!.email]) {
      const result = await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "admin" });
      expectRefusal(result, "conflict:member", /already a member/);
      if (!result.ok) expect(result.error.message).toContain(email.toLowerCase());
    }
    expect(await withSystem("test", (tx) => tx.select().from(invitations).where(eq(invitations.tenantId, t.id)))).toHaveLength(0);
  });

  it("a second invitation to the same address replaces the first, whose link stops working", async () => {
    const t = await makeTenant(["owner"]);
    const email = `twice.${seq}@example.test`;
    const first = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "viewer" }));
    const second = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "admin" }));
    expect(second.id).not.toBe(first.id);
    // Issue #20, item 3: the earlier link died silently; the answer now says so.
    expect([first.replacedLink, second.replacedLink]).toEqual([false, true]);
    expect(await getInvitationByToken({ token: tokenOf(first.link) })).toBeNull();
    expect(await getInvitationByToken({ token: tokenOf(second.link) })).toMatchObject({ status: "valid", role: "admin" });
    const rows = await pendingFor(t.id, email);
    expect(rows.map((r) => [r.id, r.role])).toEqual([[second.id, "admin"]]);
  });

  it("the same address can be invited to two workspaces independently", async () => {
    const a = await makeTenant(["owner"]);
    const b = await makeTenant(["owner"]);
    const email = `both.${seq}@example.test`;
    const inA = unwrap(await runAction(inviteMemberAction, ctx(a.people[0]!), { tenant: a.slug, email, role: "viewer" }));
    unwrap(await runAction(inviteMemberAction, ctx(b.people[0]!), { tenant: b.slug, email, role: "viewer" }));
    expect(await getInvitationByToken({ token: tokenOf(inA.link) })).toMatchObject({ status: "valid", tenantSlug: a.slug });
  });

  it("revoking deletes the invitation and its link; a second revoke is not found", async () => {
    const t = await makeTenant(["owner", "admin"]);
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: `revoke.${seq}@example.test`, role: "member" }));
    expect(await runAction(revokeInvitationAction, ctx(t.people[1]!), { tenant: t.slug, invitationId: issued.id })).toEqual({ ok: true, data: undefined });
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toBeNull();
    expect(await pendingFor(t.id, `revoke.${seq}@example.test`)).toHaveLength(0);
    expectRefusal(await runAction(revokeInvitationAction, ctx(t.people[1]!), { tenant: t.slug, invitationId: issued.id }), "not_found:invitation");
    const [entry] = await withSystem("test", (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.tenantId, t.id), eq(auditLog.action, "invitation.revoked"))),
    );
    expect(entry).toMatchObject({ actor: { userId: t.people[1]!.id }, targetId: issued.id });
  });

  // Issue #18, finding 6: an admin's invitation lived on after the admin was demoted or removed.
  it("revokes the invitations an inviter may no longer send: on demotion and on removal, audited", async () => {
    const t = await makeTenant(["owner", "admin", "admin"]);
    const [owner, demoted, removed] = t.people as [SessionUser, SessionUser, SessionUser];
    const invite = async (by: SessionUser, email: string) => unwrap(await runAction(inviteMemberAction, ctx(by), { tenant: t.slug, email, role: "member" }));
    const fromDemoted = await invite(demoted, `from-demoted.${seq}@example.test`);
    const fromRemoved = await invite(removed, `from-removed.${seq}@example.test`);
    const fromOwner = await invite(owner, `from-owner.${seq}@example.test`);

    unwrap(await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: demoted.id, role: "member" }));
    expect(await getInvitationByToken({ token: tokenOf(fromDemoted.link) })).toBeNull();
    expect(await getInvitationByToken({ token: tokenOf(fromRemoved.link) })).not.toBeNull();

    unwrap(await runAction(removeMemberAction, ctx(owner), { tenant: t.slug, userId: removed.id }));
    expect(await getInvitationByToken({ token: tokenOf(fromRemoved.link) })).toBeNull();
    // The owner's own invitation is untouched, and each revocation says why.
    expect(await getInvitationByToken({ token: tokenOf(fromOwner.link) })).not.toBeNull();
    const entries = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, t.id), eq(auditLog.action, "invitation.revoked"))));
    expect(entries.map((e) => e.details.reason).sort()).toEqual([`its inviter ${demoted.email} is now member`, `its inviter ${removed.email} left the workspace`]);
  });

  it("an invitation of one workspace cannot be revoked or resent through another", async () => {
    const a = await makeTenant(["owner"]);
    const b = await makeTenant(["owner"]);
    const issued = unwrap(await runAction(inviteMemberAction, ctx(a.people[0]!), { tenant: a.slug, email: `cross.${seq}@example.test`, role: "member" }));
    expectRefusal(await runAction(revokeInvitationAction, ctx(b.people[0]!), { tenant: b.slug, invitationId: issued.id }), "not_found:invitation");
    expectRefusal(await runAction(resendInvitationAction, ctx(b.people[0]!), { tenant: b.slug, invitationId: issued.id }), "not_found:invitation");
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toMatchObject({ status: "valid" });
  });

  it("resending gives a new link and a fresh 72 hours, and the old link stops working", async () => {
    const t = await makeTenant(["owner"]);
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: `resend.${seq}@example.test`, role: "viewer" }));
    // Let it expire first: a resend must revive it.
    await withSystem("test", (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - HOUR) }).where(eq(invitations.id, issued.id)));
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toMatchObject({ status: "expired" });

    const resent = unwrap(await runAction(resendInvitationAction, ctx(t.people[0]!), { tenant: t.slug, invitationId: issued.id }));
    expect(resent).toMatchObject({ id: issued.id, email: `resend.${seq}@example.test`, role: "viewer", emailed: false, replacedLink: true });
    expect(resent.link).not.toBe(issued.link);
    expect(resent.expiresAt.getTime()).toBeGreaterThan(Date.now() + 71.9 * HOUR);
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toBeNull();
    expect(await getInvitationByToken({ token: tokenOf(resent.link) })).toMatchObject({ status: "valid" });
  });

  it("only an owner can invite as owner, or revoke or resend an owner invitation", async () => {
    const t = await makeTenant(["owner", "admin"]);
    const [owner, admin] = t.people as [SessionUser, SessionUser];
    expectRefusal(
      await runAction(inviteMemberAction, ctx(admin), { tenant: t.slug, email: `boss.${seq}@example.test`, role: "owner" }),
      "forbidden:invite_owner",
      /only an owner can invite someone as owner/i,
    );
    expect(await pendingFor(t.id, `boss.${seq}@example.test`)).toHaveLength(0);

    const issued = unwrap(await runAction(inviteMemberAction, ctx(owner), { tenant: t.slug, email: `boss.${seq}@example.test`, role: "owner" }));
    expectRefusal(await runAction(revokeInvitationAction, ctx(admin), { tenant: t.slug, invitationId: issued.id }), "forbidden:invite_owner");
    expectRefusal(await runAction(resendInvitationAction, ctx(admin), { tenant: t.slug, invitationId: issued.id }), "forbidden:invite_owner");
    // Refused means rolled back: the invitation and its link are untouched.
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toMatchObject({ status: "valid", role: "owner" });
    // An admin may still invite as admin.
    expect((await runAction(inviteMemberAction, ctx(admin), { tenant: t.slug, email: `helper.${seq}@example.test`, role: "admin" })).ok).toBe(true);
  });

  it("the invited, signed-in user accepts: membership created, invitation marked accepted, link used up", async () => {
    const t = await makeTenant(["owner"]);
    const invitee = await makeUser(`Invitee.${seq}@Example.test`);
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: invitee.email, role: "admin" }));
    const token = tokenOf(issued.link);
    expect(await getInvitationByToken({ token })).toMatchObject({ status: "valid" });

    expect(await runAction(acceptInvitationAction, ctx(invitee), { token })).toEqual({ ok: true, data: { slug: t.slug } });
    expect(await roleOf(t.id, invitee.id)).toBe("admin");
    const [row] = await pendingFor(t.id, invitee.email.toLowerCase());
    expect(row!.acceptedAt).toBeInstanceOf(Date);
    expect(await getInvitationByToken({ token })).toMatchObject({ status: "accepted" });
    expect(await listPendingInvitations({ actor: { tenantId: t.id, role: "owner", userId: t.people[0]!.id } })).toEqual([]);
    const [entry] = await withSystem("test", (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.tenantId, t.id), eq(auditLog.action, "invitation.accepted"))),
    );
    expect(entry).toMatchObject({ actor: { userId: invitee.id }, details: { after: { role: "admin" } } });

    expectRefusal(await runAction(acceptInvitationAction, ctx(invitee), { token }), "not_found:invitation", /not valid any more/);
  });

  it("a signed-in user with another address cannot accept, and the invitation stays pending", async () => {
    const t = await makeTenant(["owner"]);
    const wrong = await makeUser(`wrong.${seq}@example.test`);
    const email = `right.${seq}@example.test`;
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "member" }));
    const result = await runAction(acceptInvitationAction, ctx(wrong), { token: tokenOf(issued.link) });
    expectRefusal(result, "forbidden:invitation", new RegExp(`sent to ${email.replace(/\./g, "\\.")}`));
    expect(await roleOf(t.id, wrong.id)).toBeNull();
    expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toMatchObject({ status: "valid" });
  });

  it("a new person accepts by creating their account: user and membership in one go, and they can sign in", async () => {
    const t = await makeTenant(["owner"]);
    const email = `fresh.${seq}@example.test`;
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "member" }));
    const token = tokenOf(issued.link);

    const result = await runAction(acceptInvitationAsNewUserAction, ctx(null), { token, fullName: "  Fresh Person ", password: "a long new passphrase" });
    expect(result).toEqual({ ok: true, data: { email } });
    const [account] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, email)));
    expect(account).toMatchObject({ fullName: "Fresh Person", isActive: true, isSuperuser: false });
    expect(await roleOf(t.id, account!.id)).toBe("member");
    expect(await getInvitationByToken({ token })).toMatchObject({ status: "accepted" });
    expect(await signInWithPassword({ email, password: "a long new passphrase" })).toMatchObject({ id: account!.id, email });

    // The link is used up: a second attempt creates nothing.
    expectRefusal(
      await runAction(acceptInvitationAsNewUserAction, ctx(null), { token, fullName: "Again", password: "a long new passphrase" }),
      "not_found:invitation",
    );
  });

  it("creating an account for an address that has one answers as for a new one, changes nothing, and tells the workspace nothing", async () => {
    const t = await makeTenant(["owner"]);
    const existing = await makeUser(`has.account.${seq}@example.test`);
    const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: existing.email, role: "member" }));
    const token = tokenOf(issued.link);
    // What the link's holder sees is the same as for an address without an account.
    expect(Object.keys((await getInvitationByToken({ token }))!).sort()).toEqual(["email", "role", "status", "tenantId", "tenantName", "tenantSlug"]);

    const result = await runAction(acceptInvitationAsNewUserAction, ctx(null), { token, fullName: "Impostor", password: "a long new passphrase" });
    expect(result).toEqual({ ok: true, data: { email: existing.email } });
    expect(await roleOf(t.id, existing.id)).toBeNull();
    const [row] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.id, existing.id)));
    expect(row).toMatchObject({ fullName: existing.name, passwordHash });
    expect(await signInWithPassword({ email: existing.email, password: "a long new passphrase" })).toBeNull();
    // The invitation stays open for the real holder, who signs in and accepts.
    expect(await getInvitationByToken({ token })).toMatchObject({ status: "valid" });
    expect(await runAction(acceptInvitationAction, ctx(existing), { token })).toEqual({ ok: true, data: { slug: t.slug } });

    // Audited where only superusers look, never in the workspace's log its admins read.
    const attempts = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "user.signup_existing")));
    expect(attempts.find((a) => a.actor.email === existing.email)).toMatchObject({ tenantId: null, details: { via: "invitation" } });
    const workspaceLog = await withSystem("test", (tx) => tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, t.id)));
    expect(workspaceLog.map((e) => e.action).sort()).toEqual(["invitation.accepted", "invitation.created"]);
  });

  it("an expired invitation is refused, by both ways of accepting, and listed as expired", async () => {
    const t = await makeTenant(["owner"]);
    const invitee = await makeUser(`late.${seq}@example.test`);
    const signedIn = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: invitee.email, role: "member" }));
    const newcomerEmail = `late.newcomer.${seq}@example.test`;
    const forNewcomer = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: newcomerEmail, role: "member" }));
    await withSystem("test", (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(invitations.tenantId, t.id)));

    expect(await getInvitationByToken({ token: tokenOf(signedIn.link) })).toMatchObject({ status: "expired" });
    expectRefusal(await runAction(acceptInvitationAction, ctx(invitee), { token: tokenOf(signedIn.link) }), "not_found:invitation", /not valid any more/);
    expectRefusal(
      await runAction(acceptInvitationAsNewUserAction, ctx(null), { token: tokenOf(forNewcomer.link), fullName: "Late", password: "a long new passphrase" }),
      "not_found:invitation",
    );
    expect(await roleOf(t.id, invitee.id)).toBeNull();
    expect(await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, newcomerEmail)))).toHaveLength(0);

    const pending = await listPendingInvitations({ actor: { tenantId: t.id, role: "owner", userId: t.people[0]!.id } });
    expect(pending.map((p) => [p.email, p.expired]).sort()).toEqual([
      [newcomerEmail, true],
      [invitee.email, true],
    ].sort());
  });

  it("an unknown or malformed link is refused", async () => {
    expect(await getInvitationByToken({ token: "n".repeat(43) })).toBeNull();
    const someone = await makeUser(`nobody.${seq}@example.test`);
    expectRefusal(await runAction(acceptInvitationAction, ctx(someone), { token: "n".repeat(43) }), "not_found:invitation");
    expectRefusal(await runAction(acceptInvitationAction, ctx(someone), { token: "short" }), "bad_request:input");
  });

  describe("email delivery", () => {
    let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
    let received: ReceivedMail[];

    beforeAll(async () => {
      inbox = await startSmtpInbox();
      received = inbox.received;
    });

    afterAll(() => inbox.close());

    afterEach(() => {
      delete process.env.SMTP_URL;
    });

    it("with SMTP_URL set, an invitation is emailed with its link", async () => {
      process.env.SMTP_URL = inbox.url;
      const t = await makeTenant(["owner"]);
      const email = `mailed.${seq}@example.test`;
      const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email, role: "viewer" }));
      expect(issued.emailed).toBe(true);
      const message = received.find((m) => m.to.includes(email));
      expect(message, "the SMTP server received the invitation").toBeDefined();
      const body = message!.text;
      expect(body).toContain(issued.link);
      expect(body).toMatch(new RegExp(`Subject: You are invited to ${t.name}`));
      expect(body).toContain("72 hours");

      // A resend mails the new link too.
      const resent = unwrap(await runAction(resendInvitationAction, ctx(t.people[0]!), { tenant: t.slug, invitationId: issued.id }));
      expect(resent.emailed).toBe(true);
      expect(received.filter((m) => m.to.includes(email)).some((m) => m.text.includes(resent.link))).toBe(true);
    });

    it("the emailed link is on PUBLIC_URL, else NEXTAUTH_URL; the link shown to copy is on PUBLIC_URL, else the origin the inviter's browser reached", async () => {
      process.env.SMTP_URL = inbox.url;
      const saved = { PUBLIC_URL: process.env.PUBLIC_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
      try {
        const t = await makeTenant(["owner"]);
        const inviter = { ...ctx(t.people[0]!), origin: "http://console.lan:8080" };
        const mailed = (email: string) => received.filter((m) => m.to.includes(email)).at(-1)!.text;

        // As `npm start` runs it: NEXTAUTH_URL names localhost, no PUBLIC_URL.
        delete process.env.PUBLIC_URL;
        process.env.NEXTAUTH_URL = "http://localhost:3999";
        const a = `origin.${seq}@example.test`;
        const shown = unwrap(await runAction(inviteMemberAction, inviter, { tenant: t.slug, email: a, role: "viewer" }));
        expect(shown.link).toMatch(/^http:\/\/console\.lan:8080\/invite\/[\w-]+$/);
        await expect.poll(() => received.some((m) => m.to.includes(a))).toBe(true);
        expect(mailed(a)).toContain(`http://localhost:3999/invite/${tokenOf(shown.link)}`);
        // A resend likewise; and without a known origin the shown link falls back to NEXTAUTH_URL.
        const resent = unwrap(await runAction(resendInvitationAction, ctx(t.people[0]!), { tenant: t.slug, invitationId: shown.id }));
        expect(resent.link).toBe(`http://localhost:3999/invite/${tokenOf(resent.link)}`);

        // PUBLIC_URL set: both links are on it, whatever host the browser used.
        process.env.PUBLIC_URL = "https://kb.example.com";
        const b = `public.${seq}@example.test`;
        const everywhere = unwrap(await runAction(inviteMemberAction, inviter, { tenant: t.slug, email: b, role: "viewer" }));
        expect(everywhere.link).toBe(`https://kb.example.com/invite/${tokenOf(everywhere.link)}`);
        await expect.poll(() => received.some((m) => m.to.includes(b))).toBe(true);
        expect(mailed(b)).toContain(everywhere.link);
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });

    it("the holder of an existing account is emailed when someone tries to create it again from an invitation", async () => {
      process.env.SMTP_URL = inbox.url;
      const t = await makeTenant(["owner"]);
      const existing = await makeUser(`twice.${seq}@example.test`);
      const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: existing.email, role: "viewer" }));
      unwrap(await runAction(acceptInvitationAsNewUserAction, ctx(null), { token: tokenOf(issued.link), fullName: "Twin", password: "a long new passphrase" }));
      // Sent without being awaited, so the answer's timing does not depend on the mail server.
      const warning = () => received.filter((m) => m.to.includes(existing.email)).map((m) => m.text).find((b) => b.includes("already has one"));
      await expect.poll(warning).toBeDefined();
      expect(warning()).toContain(`through an invitation to ${t.name}`);
      expect(warning()).toMatch(/Subject: Someone tried to create an account with your address/);
    });

    it("without SMTP_URL nothing is sent and emailed is false", async () => {
      delete process.env.SMTP_URL;
      const before = received.length;
      const t = await makeTenant(["owner"]);
      const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: `unmailed.${seq}@example.test`, role: "viewer" }));
      expect(issued.emailed).toBe(false);
      expect(received.length).toBe(before);
    });

    it("a mail server that is down does not lose the invitation: emailed is false and the link works", async () => {
      process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
      const t = await makeTenant(["owner"]);
      const issued = unwrap(await runAction(inviteMemberAction, ctx(t.people[0]!), { tenant: t.slug, email: `down.${seq}@example.test`, role: "viewer" }));
      expect(issued.emailed).toBe(false);
      expect(await getInvitationByToken({ token: tokenOf(issued.link) })).toMatchObject({ status: "valid" });
    });
  });
});
