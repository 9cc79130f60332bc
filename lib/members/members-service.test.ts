import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, memberships, tenants, users, type Role } from "@/db/schema";
import { runAction, type ActionResult } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import { resolveActor } from "@/lib/api/resolve-actor";
import { userForSessionToken, type SessionUser } from "@/lib/auth/session";
import { signInClaims } from "@/lib/auth/session-token";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { changeMemberRoleAction, leaveTenantAction, removeMemberAction } from "./actions";
import { listMembers } from "./members-service";

describe("members: role changes, removals and leaving", () => {
  let handle: DatabaseHandle;
  let seq = 0;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  async function makeUser(name: string, opts: { superuser?: boolean } = {}): Promise<SessionUser> {
    seq += 1;
    const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${seq}@example.test`;
    const [row] = await handle.db.insert(users).values({ email, fullName: name, isSuperuser: opts.superuser ?? false }).returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: row!.isSuperuser };
  }

  /** A workspace with one member per listed role; returns its slug, id and the people by role name. */
  async function makeTenant(roles: Role[]) {
    seq += 1;
    const slug = `ws-${seq}`;
    const [tenant] = await handle.db.insert(tenants).values({ name: `Workspace ${seq}`, slug }).returning();
    const people: { user: SessionUser; role: Role }[] = [];
    for (const [i, role] of roles.entries()) people.push({ user: await makeUser(`${role} ${i}`), role });
    await withSystem("test", (tx) =>
      tx.insert(memberships).values(people.map(({ user, role }) => ({ userId: user.id, tenantId: tenant!.id, role }))),
    );
    return { slug, id: tenant!.id, people: people.map((p) => p.user) };
  }

  const ctx = (user: SessionUser): RequestContext => ({ user, ip: "10.0.0.5" });

  async function roleOf(tenantId: string, userId: string): Promise<Role | null> {
    const [row] = await withSystem("test", (tx) =>
      tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId))),
    );
    return row?.role ?? null;
  }

  async function audits(tenantId: string, action: string) {
    return withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action))));
  }

  function expectRefusal(result: ActionResult<unknown>, code: string, message?: RegExp) {
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    if (message) expect(result.error.message).toMatch(message);
  }

  it("a role change or removal applies to the member's existing session at its next request, with no sign-out", async () => {
    const t = await makeTenant(["owner", "member"]);
    const [owner, member] = t.people as [SessionUser, SessionUser];
    const session = signInClaims({ ...member, sessionVersion: 0 });
    // What every tenant request does: the session's user, then the membership and scope.
    const nextRequest = async () => resolveActor(ctx((await userForSessionToken(session))!), t.slug, "documents:write");

    expect((await nextRequest()).actor.role).toBe("member");
    expect(await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: member.id, role: "viewer" })).toEqual({ ok: true, data: undefined });
    await expect(nextRequest()).rejects.toMatchObject({ code: "forbidden:scope" });
    expect(await userForSessionToken(session)).toEqual(member);

    expect(await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: member.id, role: "member" })).toEqual({ ok: true, data: undefined });
    expect((await nextRequest()).actor.role).toBe("member");
    expect(await runAction(removeMemberAction, ctx(owner), { tenant: t.slug, userId: member.id })).toEqual({ ok: true, data: undefined });
    await expect(nextRequest()).rejects.toMatchObject({ code: "forbidden:tenant" });
  });

  it("an owner promotes a member to admin, and the audit entry carries before and after", async () => {
    const t = await makeTenant(["owner", "member"]);
    const [owner, member] = t.people as [SessionUser, SessionUser];
    const result = await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: member.id, role: "admin" });
    expect(result).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.id, member.id)).toBe("admin");
    const [entry, ...more] = await audits(t.id, "member.role_changed");
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      targetType: "user",
      targetId: member.id,
      actor: { userId: owner.id, email: owner.email },
      details: { email: member.email, before: { role: "member" }, after: { role: "admin" } },
    });
  });

  it("an admin can change a member's role, but cannot change an owner nor make anyone an owner", async () => {
    const t = await makeTenant(["owner", "owner", "admin", "member"]);
    const [owner1, owner2, admin, member] = t.people as [SessionUser, SessionUser, SessionUser, SessionUser];

    expect((await runAction(changeMemberRoleAction, ctx(admin), { tenant: t.slug, userId: member.id, role: "viewer" })).ok).toBe(true);
    expect(await roleOf(t.id, member.id)).toBe("viewer");

    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(admin), { tenant: t.slug, userId: owner1.id, role: "member" }),
      "forbidden:role_change",
      /only an owner can change or remove another owner/i,
    );
    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(admin), { tenant: t.slug, userId: member.id, role: "owner" }),
      "forbidden:role_change",
      /only an owner can make someone an owner/i,
    );
    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(admin), { tenant: t.slug, userId: admin.id, role: "owner" }),
      "forbidden:role_change",
      /only an owner can make someone an owner/i,
    );
    expectRefusal(
      await runAction(removeMemberAction, ctx(admin), { tenant: t.slug, userId: owner2.id }),
      "forbidden:role_change",
      /only an owner can change or remove another owner/i,
    );
    expect(await roleOf(t.id, owner1.id)).toBe("owner");
    expect(await roleOf(t.id, owner2.id)).toBe("owner");
    expect(await roleOf(t.id, member.id)).toBe("viewer");
    expect(await roleOf(t.id, admin.id)).toBe("admin");
    // Only the one allowed change was audited.
    expect(await audits(t.id, "member.role_changed")).toHaveLength(1);
    expect(await audits(t.id, "member.removed")).toHaveLength(0);
  });

  it("an owner can make another member an owner", async () => {
    const t = await makeTenant(["owner", "admin"]);
    const [owner, admin] = t.people as [SessionUser, SessionUser];
    expect((await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: admin.id, role: "owner" })).ok).toBe(true);
    expect(await roleOf(t.id, admin.id)).toBe("owner");
  });

  it("the last owner cannot be demoted, removed, or leave", async () => {
    const t = await makeTenant(["owner", "admin"]);
    const [owner] = t.people as [SessionUser, SessionUser];
    // A superuser acts as an owner in any workspace, so is the one caller that could remove the last owner.
    const root = await makeUser("Root", { superuser: true });

    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: owner.id, role: "admin" }),
      "forbidden:role_change",
      /last owner/i,
    );
    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(root), { tenant: t.slug, userId: owner.id, role: "viewer" }),
      "forbidden:role_change",
      /last owner/i,
    );
    expectRefusal(await runAction(removeMemberAction, ctx(root), { tenant: t.slug, userId: owner.id }), "forbidden:role_change", /last owner/i);
    expectRefusal(await runAction(leaveTenantAction, ctx(owner), { tenant: t.slug }), "forbidden:role_change", /last owner/i);

    expect(await roleOf(t.id, owner.id)).toBe("owner");
    expect(await audits(t.id, "member.role_changed")).toHaveLength(0);
    expect(await audits(t.id, "member.removed")).toHaveLength(0);
    expect(await audits(t.id, "member.left")).toHaveLength(0);
  });

  it("with two owners one can leave; then the other is the last owner and cannot", async () => {
    const t = await makeTenant(["owner", "owner", "member"]);
    const [first, second] = t.people as [SessionUser, SessionUser, SessionUser];

    expect(await runAction(leaveTenantAction, ctx(first), { tenant: t.slug })).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.id, first.id)).toBeNull();
    expect(await roleOf(t.id, second.id)).toBe("owner");
    const [left] = await audits(t.id, "member.left");
    expect(left).toMatchObject({ targetId: first.id, details: { before: { role: "owner", email: first.email }, after: null } });

    expectRefusal(await runAction(leaveTenantAction, ctx(second), { tenant: t.slug }), "forbidden:role_change", /last owner/i);
    expect(await roleOf(t.id, second.id)).toBe("owner");
    // The one who left has lost access at once.
    expectRefusal(await runAction(leaveTenantAction, ctx(first), { tenant: t.slug }), "forbidden:tenant");
  });

  it("with two owners, one owner can demote the other", async () => {
    const t = await makeTenant(["owner", "owner"]);
    const [first, second] = t.people as [SessionUser, SessionUser];
    expect((await runAction(changeMemberRoleAction, ctx(first), { tenant: t.slug, userId: second.id, role: "member" })).ok).toBe(true);
    expect(await roleOf(t.id, second.id)).toBe("member");
    // Now first is the last owner.
    expectRefusal(
      await runAction(changeMemberRoleAction, ctx(first), { tenant: t.slug, userId: first.id, role: "admin" }),
      "forbidden:role_change",
      /last owner/i,
    );
  });

  it("an admin removes a viewer; the removal is audited and the viewer loses access", async () => {
    const t = await makeTenant(["owner", "admin", "viewer"]);
    const [, admin, viewer] = t.people as [SessionUser, SessionUser, SessionUser];
    expect(await runAction(removeMemberAction, ctx(admin), { tenant: t.slug, userId: viewer.id })).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.id, viewer.id)).toBeNull();
    const [entry] = await audits(t.id, "member.removed");
    expect(entry).toMatchObject({ actor: { userId: admin.id }, targetId: viewer.id, details: { before: { role: "viewer", email: viewer.email } } });
    expectRefusal(await runAction(leaveTenantAction, ctx(viewer), { tenant: t.slug }), "forbidden:tenant");
    // The user account itself stays.
    const [account] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.id, viewer.id)));
    expect(account?.isActive).toBe(true);
  });

  it("removing someone who is not a member, or oneself, is refused with a readable message", async () => {
    const t = await makeTenant(["owner", "admin"]);
    const [owner, admin] = t.people as [SessionUser, SessionUser];
    const stranger = await makeUser("Stranger");
    expectRefusal(await runAction(removeMemberAction, ctx(owner), { tenant: t.slug, userId: stranger.id }), "not_found:member", /not a member/i);
    expectRefusal(await runAction(changeMemberRoleAction, ctx(owner), { tenant: t.slug, userId: stranger.id, role: "viewer" }), "not_found:member");
    expectRefusal(await runAction(removeMemberAction, ctx(admin), { tenant: t.slug, userId: admin.id }), "bad_request:member", /leave workspace/i);
    expect(await roleOf(t.id, admin.id)).toBe("admin");
    expect(await roleOf(t.id, stranger.id)).toBeNull();
  });

  it("a member leaves a workspace with leaveTenantAction, keeping their other workspaces", async () => {
    const t = await makeTenant(["owner", "member"]);
    const [, member] = t.people as [SessionUser, SessionUser];
    const other = await makeTenant(["owner"]);
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: member.id, tenantId: other.id, role: "viewer" }));

    expect(await runAction(leaveTenantAction, ctx(member), { tenant: t.slug })).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.id, member.id)).toBeNull();
    expect(await roleOf(other.id, member.id)).toBe("viewer");
    const [entry] = await audits(t.id, "member.left");
    expect(entry).toMatchObject({ actor: { userId: member.id }, targetId: member.id, details: { before: { role: "member" } } });
  });

  it("a member of another workspace cannot remove or change members here (row level security and access together)", async () => {
    const t = await makeTenant(["owner", "member"]);
    const other = await makeTenant(["owner"]);
    const [, member] = t.people as [SessionUser, SessionUser];
    const [otherOwner] = other.people as [SessionUser];
    // Through their own workspace's slug, the target is not a member there: nothing happens here.
    expectRefusal(await runAction(removeMemberAction, ctx(otherOwner), { tenant: other.slug, userId: member.id }), "not_found:member");
    expect(await roleOf(t.id, member.id)).toBe("member");
  });

  describe("listMembers", () => {
    let actor: Actor;
    let ids: Record<string, string>;

    beforeAll(async () => {
      const [tenant] = await handle.db.insert(tenants).values({ name: "Search Co", slug: "search-co" }).returning();
      const rows = await handle.db
        .insert(users)
        .values([
          { email: "alice.smith@search.test", fullName: "Alice Smith" },
          { email: "bob@search.test", fullName: "Robert Jones" },
          { email: "carol@elsewhere.test", fullName: "Carol 100% Sure" },
          { email: "dave@search.test", fullName: "Dave Smithson" },
        ])
        .returning();
      ids = Object.fromEntries(rows.map((r) => [r.email.split(/[.@]/)[0]!, r.id]));
      const roles: Role[] = ["owner", "admin", "member", "viewer"];
      await withSystem("test", (tx) =>
        tx.insert(memberships).values(rows.map((r, i) => ({ userId: r.id, tenantId: tenant!.id, role: roles[i]! }))),
      );
      // Someone in another workspace whose name would match too.
      const [elsewhere] = await handle.db.insert(tenants).values({ name: "Else", slug: "else-where" }).returning();
      const [eve] = await handle.db.insert(users).values({ email: "eve.smith@search.test", fullName: "Eve Smith" }).returning();
      await withSystem("test", (tx) => tx.insert(memberships).values({ userId: eve!.id, tenantId: elsewhere!.id, role: "owner" }));
      actor = { tenantId: tenant!.id, role: "viewer", userId: rows[3]!.id };
    });

    it("lists every member of this workspace only, with role and email", async () => {
      const members = await listMembers({ actor });
      expect(members.map((m) => [m.email, m.role]).sort()).toEqual([
        ["alice.smith@search.test", "owner"],
        ["bob@search.test", "admin"],
        ["carol@elsewhere.test", "member"],
        ["dave@search.test", "viewer"],
      ]);
      expect(members.every((m) => m.joinedAt instanceof Date)).toBe(true);
    });

    it("searches by name, case-insensitively", async () => {
      const found = await listMembers({ actor, query: "SMITH" });
      expect(found.map((m) => m.userId).sort()).toEqual([ids.alice, ids.dave].sort());
      expect((await listMembers({ actor, query: "jones" })).map((m) => m.userId)).toEqual([ids.bob]);
    });

    it("searches by email", async () => {
      expect((await listMembers({ actor, query: "elsewhere.test" })).map((m) => m.userId)).toEqual([ids.carol]);
      expect((await listMembers({ actor, query: "@search.test" })).map((m) => m.userId).sort()).toEqual([ids.alice, ids.bob, ids.dave].sort());
    });

    it("treats % and _ in the search as plain characters", async () => {
      expect((await listMembers({ actor, query: "100%" })).map((m) => m.userId)).toEqual([ids.carol]);
      expect(await listMembers({ actor, query: "%" })).toHaveLength(1);
      expect(await listMembers({ actor, query: "_" })).toHaveLength(0);
      expect(await listMembers({ actor, query: "no such person" })).toEqual([]);
    });
  });
});
