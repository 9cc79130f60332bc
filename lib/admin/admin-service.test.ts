import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase } from "@/db/client";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, correctionHistory, documents, evaluationRuns, memberships, tenantCorrections, tenants, users } from "@/db/schema";
import { runAction, type ActionResult } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import { hashPassword } from "@/lib/auth/password";
import { userForSessionToken, type SessionUser } from "@/lib/auth/session";
import { signInClaims } from "@/lib/auth/session-token";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { setSuperuserAction, setUserActiveAction } from "./actions";
import { listTenantsOverview, listUsers } from "./admin-service";

const PASSWORD = "correct horse battery";

/** A session token as the user's sign-in at session version 0 (a new account's) would carry. */
const sessionOf = (user: SessionUser) => signInClaims({ ...user, sessionVersion: 0 });

function expectRefusal(result: ActionResult<unknown>, code: string, message?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (message) expect(result.error.message).toMatch(message);
}

describe("superuser administration", () => {
  let handle: DatabaseHandle;
  let passwordHash: string;
  let root: SessionUser;

  beforeAll(async () => {
    handle = await createTestDatabase();
    passwordHash = await hashPassword(PASSWORD);
    root = await makeUser("root@admin.test", "Root Admin", true);
  });
  afterAll(() => handle?.close());

  async function makeUser(email: string, fullName: string, superuser = false): Promise<SessionUser> {
    const [row] = await handle.db.insert(users).values({ email, fullName, passwordHash, isSuperuser: superuser }).returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: superuser };
  }

  const ctx = (user: SessionUser): RequestContext => ({ user, ip: "10.0.0.31" });

  describe("overviews", () => {
    let tenantIds: Record<string, string>;
    let listed: SessionUser[];

    beforeAll(async () => {
      const [alpha, beta, empty] = await handle.db
        .insert(tenants)
        .values([
          { name: "Alpha Overview", slug: "alpha-overview" },
          { name: "Beta Overview", slug: "beta-overview" },
          { name: "Empty Overview", slug: "empty-overview" },
        ])
        .returning();
      tenantIds = { alpha: alpha!.id, beta: beta!.id, empty: empty!.id };
      listed = [];
      for (const [i, name] of ["Zed Listed", "Yara Listed", "Xavier Listed", "Walt Other", "Vera Listed"].entries()) {
        listed.push(await makeUser(`person${i}@list.test`, name));
      }
      await withSystem("test", async (tx) => {
        await tx.insert(memberships).values([
          { userId: listed[0]!.id, tenantId: alpha!.id, role: "owner" },
          { userId: listed[1]!.id, tenantId: alpha!.id, role: "member" },
          { userId: listed[2]!.id, tenantId: alpha!.id, role: "viewer" },
          { userId: listed[0]!.id, tenantId: beta!.id, role: "owner" },
        ]);
        const doc = (tenantId: string, n: number, fileSize: number) => ({
          tenantId,
          filename: `f${n}.txt`,
          mimeType: "text/plain",
          fileSize,
          sha256: n.toString(16).padStart(64, "0"),
          storageKey: `tenants/${tenantId}/${n}`,
        });
        await tx.insert(documents).values([doc(alpha!.id, 1, 1000), doc(alpha!.id, 2, 2500), doc(beta!.id, 3, 5_000_000_000)]);
        const day = 86_400_000;
        // Two runs inside the last 30 days and one older for alpha; one recent for beta.
        await tx.insert(evaluationRuns).values([
          { tenantId: alpha!.id, query: "a", mode: "hybrid", latencyMs: 1, createdAt: new Date(Date.now() - 2 * day) },
          { tenantId: alpha!.id, query: "b", mode: "hybrid", latencyMs: 1, createdAt: new Date(Date.now() - 29 * day) },
          { tenantId: alpha!.id, query: "c", mode: "hybrid", latencyMs: 1, createdAt: new Date(Date.now() - 31 * day) },
          { tenantId: beta!.id, query: "d", mode: "semantic", latencyMs: 1 },
        ]);
        const [approved, suggested] = await tx
          .insert(tenantCorrections)
          .values([
            { tenantId: alpha!.id, originalText: "teh", originalKey: "teh", correctedText: "the", confidence: 0.9, status: "approved" },
            { tenantId: alpha!.id, originalText: "adn", originalKey: "adn", correctedText: "and", confidence: 0.6 },
          ])
          .returning();
        expect(suggested).toBeDefined();
        await tx.insert(correctionHistory).values([
          { tenantId: alpha!.id, correctionId: approved!.id, originalText: "teh", correctedText: "the", occurrences: 4 },
          { tenantId: alpha!.id, correctionId: approved!.id, originalText: "teh", correctedText: "the", occurrences: 3, appliedAt: new Date(Date.now() - 40 * day) },
        ]);
      });
    });

    it("listTenantsOverview counts members, documents and storage bytes per workspace, in SQL", async () => {
      const overview = await listTenantsOverview({ user: root });
      const byId = new Map(overview.map((t) => [t.id, t]));
      expect(byId.get(tenantIds.alpha!)).toMatchObject({ name: "Alpha Overview", slug: "alpha-overview", members: 3, documents: 2, chunks: 0, storageBytes: 3500, queries30d: 2, corrections30d: 4, pendingReviews: 1 });
      // Beyond 32 bits: sizes are summed as 64-bit numbers.
      expect(byId.get(tenantIds.beta!)).toMatchObject({ members: 1, documents: 1, storageBytes: 5_000_000_000, queries30d: 1, corrections30d: 0, pendingReviews: 0 });
      expect(byId.get(tenantIds.empty!)).toMatchObject({ members: 0, documents: 0, chunks: 0, storageBytes: 0, queries30d: 0, corrections30d: 0, pendingReviews: 0 });
      expect(overview.map((t) => t.name)).toEqual([...overview.map((t) => t.name)].sort());
      expect(byId.get(tenantIds.alpha!)!.createdAt).toBeInstanceOf(Date);
    });

    it("only superusers get the overviews", async () => {
      await expect(listTenantsOverview({ user: listed[0]! })).rejects.toMatchObject({ code: "forbidden:superuser", status: 403 });
      await expect(listUsers({ user: listed[0]!, page: 1, pageSize: 10 })).rejects.toMatchObject({ code: "forbidden:superuser" });
    });

    it("listUsers searches by email or name, case-insensitively, with the workspace count", async () => {
      const byName = await listUsers({ user: root, query: "listed", page: 1, pageSize: 25 });
      expect(byName.total).toBe(4);
      expect(byName.users.map((u) => u.fullName).sort()).toEqual(["Vera Listed", "Xavier Listed", "Yara Listed", "Zed Listed"]);
      const zed = byName.users.find((u) => u.id === listed[0]!.id)!;
      expect(zed).toMatchObject({ email: "person0@list.test", workspaces: 2, isActive: true, isSuperuser: false, lastLoginAt: null });

      const byEmail = await listUsers({ user: root, query: "PERSON3@", page: 1, pageSize: 25 });
      expect(byEmail).toMatchObject({ total: 1, users: [{ fullName: "Walt Other", workspaces: 0 }] });
      expect(await listUsers({ user: root, query: "%", page: 1, pageSize: 25 })).toEqual({ users: [], total: 0 });
    });

    it("listUsers pages through the results without gaps or repeats", async () => {
      const all = await listUsers({ user: root, query: "@list.test", page: 1, pageSize: 100 });
      expect(all.total).toBe(5);
      const pages = [];
      for (let page = 1; page <= 3; page++) pages.push(await listUsers({ user: root, query: "@list.test", page, pageSize: 2 }));
      expect(pages.map((p) => p.users.length)).toEqual([2, 2, 1]);
      expect(pages.every((p) => p.total === 5)).toBe(true);
      const paged = pages.flatMap((p) => p.users.map((u) => u.id));
      expect(new Set(paged).size).toBe(5);
      expect(paged).toEqual(all.users.map((u) => u.id));
      expect(await listUsers({ user: root, query: "@list.test", page: 4, pageSize: 2 })).toEqual({ users: [], total: 5 });
    });
  });

  describe("deactivation", () => {
    it("a deactivated user loses access on the next request, and can no longer sign in; reactivation restores sign-in but not the old sessions", async () => {
      const user = await makeUser("leaver@admin.test", "Leaver");
      const session = sessionOf(user);
      expect(await userForSessionToken(session)).toEqual(user);

      expect(await runAction(setUserActiveAction, ctx(root), { userId: user.id, active: false })).toEqual({ ok: true, data: undefined });
      expect(await userForSessionToken(session)).toBeNull();
      expect(await signInWithPassword({ email: user.email, password: PASSWORD })).toBeNull();

      expect(await runAction(setUserActiveAction, ctx(root), { userId: user.id, active: true })).toEqual({ ok: true, data: undefined });
      expect(await userForSessionToken(session)).toBeNull();
      const signedIn = await signInWithPassword({ email: user.email, password: PASSWORD });
      expect(signedIn).toMatchObject({ id: user.id });
      expect(await userForSessionToken(signInClaims(signedIn!))).toEqual(user);

      const entries = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.targetId, user.id)));
      const changes = entries.filter((e) => e.action === "user.deactivated" || e.action === "user.reactivated");
      expect(changes.map((e) => [e.action, e.actor.userId, e.details])).toEqual([
        ["user.deactivated", root.id, { before: { isActive: true }, after: { isActive: false } }],
        ["user.reactivated", root.id, { before: { isActive: false }, after: { isActive: true } }],
      ]);
    });

    it("a superuser cannot deactivate themselves", async () => {
      expectRefusal(await runAction(setUserActiveAction, ctx(root), { userId: root.id, active: false }), "bad_request:self", /your own account/i);
      expect(await userForSessionToken(sessionOf(root))).toMatchObject({ id: root.id, isSuperuser: true });
    });

    it("an unknown user is not found", async () => {
      expectRefusal(await runAction(setUserActiveAction, ctx(root), { userId: crypto.randomUUID(), active: false }), "not_found:user");
    });
  });

  describe("superuser flag", () => {
    let db: DatabaseHandle;
    let first: SessionUser;

    // Its own database: "the last superuser" depends on every superuser that exists.
    beforeAll(async () => {
      db = await createTestDatabase();
      const [row] = await db.db.insert(users).values({ email: "first@super.test", fullName: "First", passwordHash, isSuperuser: true }).returning();
      first = { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: true };
    });
    afterAll(async () => {
      await db?.close();
      // Put the outer database back as the process-wide handle for any later test.
      setDatabase(handle);
    });

    async function isSuper(id: string) {
      const [row] = await withSystem("test", (tx) => tx.select({ v: users.isSuperuser }).from(users).where(eq(users.id, id)));
      return row!.v;
    }

    it("the last superuser cannot be revoked", async () => {
      expectRefusal(await runAction(setSuperuserAction, ctx(first), { userId: first.id, value: false }), "forbidden:last_superuser", /last active superuser/i);
      expect(await isSuper(first.id)).toBe(true);
    });

    it("an inactive superuser does not count: the only active one is still the last", async () => {
      const [dormant] = await db.db
        .insert(users)
        .values({ email: "dormant@super.test", fullName: "Dormant", isSuperuser: true, isActive: false })
        .returning();
      expectRefusal(await runAction(setSuperuserAction, ctx(first), { userId: first.id, value: false }), "forbidden:last_superuser");
      expect(await isSuper(first.id)).toBe(true);
      expect(dormant!.isSuperuser).toBe(true);
    });

    it("granting a second superuser, then revoking the first, works; the second is then the last", async () => {
      const [row] = await db.db.insert(users).values({ email: "second@super.test", fullName: "Second", passwordHash }).returning();
      const second: SessionUser = { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: false };

      expect(await runAction(setSuperuserAction, ctx(first), { userId: second.id, value: true })).toEqual({ ok: true, data: undefined });
      expect(await userForSessionToken(sessionOf(second))).toMatchObject({ isSuperuser: true });

      const promoted = { ...second, isSuperuser: true };
      expect(await runAction(setSuperuserAction, ctx(promoted), { userId: first.id, value: false })).toEqual({ ok: true, data: undefined });
      expect(await userForSessionToken(sessionOf(first))).toMatchObject({ isSuperuser: false });
      expect(await isSuper(second.id)).toBe(true);

      expectRefusal(await runAction(setSuperuserAction, ctx(promoted), { userId: second.id, value: false }), "forbidden:last_superuser");

      const entries = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, "user.superuser_revoked"), eq(auditLog.targetId, first.id))),
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ tenantId: null, actor: { userId: second.id }, details: { before: { isSuperuser: true }, after: { isSuperuser: false } } });
    });
  });
});
