import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { auditLog, documents, invitations, memberships, tenants, users, type Role } from "@/db/schema";
import { runAction, type ActionResult } from "@/lib/api/define-action";
import type { RequestContext } from "@/lib/api/request-context";
import type { SessionUser } from "@/lib/auth/session";
import { newLinkToken } from "@/lib/auth/tokens";
import { getStorage } from "@/lib/storage";
import { contentKey } from "@/lib/storage/object-storage";
import { createTestDatabase } from "@/lib/testing/test-database";
import { createTenantAction, deleteTenantAction, renameTenantAction } from "./actions";
import { SLUG_TAKEN_PER_HOUR } from "./tenants-service";
import { withSystem } from "./with-tenant";

function expectRefusal(result: ActionResult<unknown>, code: string, message?: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (message) expect(result.error.message).toMatch(message);
}

/** The partition of chunks holding a workspace's rows, as the catalogue states it (none or one). */
async function chunkPartitionOf(tenantId: string): Promise<string[]> {
  const rows = await withSystem("test", (tx) =>
    queryRows<{ name: string }>(
      tx,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = 'chunks'::regclass and pg_get_expr(c.relpartbound, c.oid) like ${`%${tenantId}%`}`,
    ),
  );
  return rows.map((r) => r.name);
}

describe("workspaces: create, rename, delete", () => {
  let handle: DatabaseHandle;
  let storageDir: string;
  let seq = 0;
  const saved = { STORAGE_DIR: process.env.STORAGE_DIR, ALLOW_TENANT_CREATE: process.env.ALLOW_TENANT_CREATE };

  beforeAll(async () => {
    // Before the first getStorage(): it reads STORAGE_DIR once.
    storageDir = await mkdtemp(path.join(os.tmpdir(), "tkc-tenants-test-"));
    process.env.STORAGE_DIR = storageDir;
    delete process.env.ALLOW_TENANT_CREATE;
    handle = await createTestDatabase();
  });

  afterAll(async () => {
    await handle?.close();
    await rm(storageDir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  afterEach(() => {
    delete process.env.ALLOW_TENANT_CREATE;
  });

  async function makeUser(name: string, superuser = false): Promise<SessionUser> {
    seq += 1;
    const [row] = await handle.db
      .insert(users)
      .values({ email: `${name}.${seq}@example.test`, fullName: name, isSuperuser: superuser })
      .returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: superuser };
  }

  async function makeTenant(roles: Role[]) {
    seq += 1;
    const name = `Team ${seq}`;
    const slug = `team-${seq}`;
    const [tenant] = await handle.db.insert(tenants).values({ name, slug }).returning();
    const people: SessionUser[] = [];
    for (const role of roles) people.push(await makeUser(role));
    await withSystem("test", (tx) =>
      tx.insert(memberships).values(people.map((u, i) => ({ userId: u.id, tenantId: tenant!.id, role: roles[i]! }))),
    );
    return { id: tenant!.id, name, slug, people };
  }

  const ctx = (user: SessionUser): RequestContext => ({ user, ip: "10.0.0.11" });

  async function tenantBySlug(slug: string) {
    const [row] = await withSystem("test", (tx) => tx.select().from(tenants).where(eq(tenants.slug, slug)));
    return row;
  }

  describe("create", () => {
    it("makes the caller the owner of the new workspace, normalising the slug, and audits it", async () => {
      const user = await makeUser("creator");
      const result = await runAction(createTenantAction, ctx(user), { name: "  Acme Research ", slug: "  Acme-Research " });
      expect(result).toEqual({ ok: true, data: { slug: "acme-research" } });
      const tenant = await tenantBySlug("acme-research");
      expect(tenant?.name).toBe("Acme Research");
      const rows = await withSystem("test", (tx) => tx.select().from(memberships).where(eq(memberships.tenantId, tenant!.id)));
      expect(rows.map((m) => [m.userId, m.role])).toEqual([[user.id, "owner"]]);
      const [entry] = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenant!.id), eq(auditLog.action, "tenant.created"))),
      );
      expect(entry).toMatchObject({ actor: { userId: user.id }, details: { after: { name: "Acme Research", slug: "acme-research" } } });
      expect(await chunkPartitionOf(tenant!.id)).toEqual([`chunks_${tenant!.id.replaceAll("-", "")}`]);
    });

    it("refuses a taken slug with conflict:slug and a readable message, creating nothing", async () => {
      const existing = await makeTenant(["owner"]);
      const user = await makeUser("late");
      const tenantsBefore = (await withSystem("test", (tx) => tx.select().from(tenants))).length;
      const result = await runAction(createTenantAction, ctx(user), { name: "Copycat", slug: existing.slug.toUpperCase() });
      expectRefusal(result, "conflict:slug", /already taken/i);
      expect((await withSystem("test", (tx) => tx.select().from(tenants))).length).toBe(tenantsBefore);
      expect(await withSystem("test", (tx) => tx.select().from(memberships).where(eq(memberships.userId, user.id)))).toHaveLength(0);
    });

    it("answers 'taken' at most SLUG_TAKEN_PER_HOUR times an hour per person, so no one can list the workspaces by probing", async () => {
      const existing = await makeTenant(["owner"]);
      const prober = await makeUser("prober");
      for (let i = 0; i < SLUG_TAKEN_PER_HOUR; i++) expectRefusal(await runAction(createTenantAction, ctx(prober), { name: "Probe", slug: existing.slug }), "conflict:slug", /already taken/i);
      // Past the limit no answer says whether an address exists, taken or free.
      expectRefusal(await runAction(createTenantAction, ctx(prober), { name: "Probe", slug: existing.slug }), "rate_limited:slug", /addresses that were taken within an hour\. Try again in 60 minutes/);
      expectRefusal(await runAction(createTenantAction, ctx(prober), { name: "Probe", slug: `free-${Date.now()}` }), "rate_limited:slug", /Try again/);
      // Someone else is not affected.
      const other = await makeUser("other");
      expectRefusal(await runAction(createTenantAction, ctx(other), { name: "Probe", slug: existing.slug }), "conflict:slug", /already taken/i);
    });

    it.each(["-leading", "trailing-", "has space", "under_score", "ünïcode", "a".repeat(49), ""])("refuses the invalid slug %j with bad_request", async (slug) => {
      const user = await makeUser("invalid");
      const result = await runAction(createTenantAction, ctx(user), { name: "Fine name", slug });
      // Issue #20, item 9: the message is a sentence for people, never "slug: …"; fieldErrors names the field.
      expectRefusal(result, "bad_request:input", /^[A-Z]/);
      if (!result.ok) expect(result.error.fieldErrors?.slug?.length).toBeGreaterThan(0);
      expect(await withSystem("test", (tx) => tx.select().from(memberships).where(eq(memberships.userId, user.id)))).toHaveLength(0);
    });

    it("refuses a too-short name with bad_request", async () => {
      const user = await makeUser("short");
      expectRefusal(await runAction(createTenantAction, ctx(user), { name: " x ", slug: "short-name" }), "bad_request:input", /at least 2 characters/);
    });

    it("with ALLOW_TENANT_CREATE=false refuses non-superusers but lets superusers create", async () => {
      process.env.ALLOW_TENANT_CREATE = "false";
      const user = await makeUser("blocked");
      expectRefusal(
        await runAction(createTenantAction, ctx(user), { name: "Not allowed", slug: "not-allowed" }),
        "forbidden:tenant_create",
        /turned off/i,
      );
      expect(await tenantBySlug("not-allowed")).toBeUndefined();

      const root = await makeUser("root", true);
      expect(await runAction(createTenantAction, ctx(root), { name: "Root made", slug: "root-made" })).toEqual({ ok: true, data: { slug: "root-made" } });
    });
  });

  describe("rename", () => {
    it("an owner changes name and address; the audit entry has before and after; the old address stops resolving", async () => {
      const t = await makeTenant(["owner"]);
      const [owner] = t.people as [SessionUser];
      const result = await runAction(renameTenantAction, ctx(owner), { tenant: t.slug, name: "Renamed Team", slug: `renamed-${seq}` });
      expect(result).toEqual({ ok: true, data: { slug: `renamed-${seq}` } });
      const [row] = await withSystem("test", (tx) => tx.select().from(tenants).where(eq(tenants.id, t.id)));
      expect(row).toMatchObject({ name: "Renamed Team", slug: `renamed-${seq}` });
      const [entry] = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.tenantId, t.id), eq(auditLog.action, "tenant.renamed"))),
      );
      expect(entry).toMatchObject({
        actor: { userId: owner.id },
        targetId: t.id,
        details: { before: { name: t.name, slug: t.slug }, after: { name: "Renamed Team", slug: `renamed-${seq}` } },
      });
      expectRefusal(await runAction(renameTenantAction, ctx(owner), { tenant: t.slug, name: "Again", slug: "again" }), "forbidden:tenant");
    });

    it("renaming to another workspace's address is conflict:slug and changes nothing", async () => {
      const a = await makeTenant(["owner"]);
      const b = await makeTenant(["owner"]);
      expectRefusal(await runAction(renameTenantAction, ctx(a.people[0]!), { tenant: a.slug, name: "Taken", slug: b.slug }), "conflict:slug", /already taken/i);
      expect(await tenantBySlug(a.slug)).toMatchObject({ id: a.id, name: a.name });
    });

    it("an admin is refused with forbidden:scope and nothing changes", async () => {
      const t = await makeTenant(["owner", "admin"]);
      expectRefusal(await runAction(renameTenantAction, ctx(t.people[1]!), { tenant: t.slug, name: "Admin was here", slug: "admin-was-here" }), "forbidden:scope");
      expect(await tenantBySlug(t.slug)).toMatchObject({ name: t.name });
      expect(await tenantBySlug("admin-was-here")).toBeUndefined();
    });
  });

  describe("delete", () => {
    async function populate(t: { id: string; people: SessionUser[] }, label: string) {
      const sha256 = Buffer.from(label.padEnd(32, "0")).toString("hex").slice(0, 64);
      const key = contentKey({ tenantId: t.id, sha256 });
      await getStorage().put(key, new TextEncoder().encode(`contents of ${label}`));
      await withSystem("test", async (tx) => {
        await tx.insert(documents).values({
          tenantId: t.id,
          userId: t.people[0]!.id,
          filename: `${label}.txt`,
          mimeType: "text/plain",
          fileSize: 11,
          sha256,
          storageKey: key,
        });
        await tx.insert(invitations).values({
          tenantId: t.id,
          email: `${label}.invitee@example.test`,
          role: "member",
          tokenHash: newLinkToken().tokenHash,
          expiresAt: new Date(Date.now() + 3_600_000),
        });
      });
      return key;
    }

    async function rowsOf(tenantId: string) {
      return withSystem("test", async (tx) => ({
        tenants: await tx.select().from(tenants).where(eq(tenants.id, tenantId)),
        memberships: await tx.select().from(memberships).where(eq(memberships.tenantId, tenantId)),
        invitations: await tx.select().from(invitations).where(eq(invitations.tenantId, tenantId)),
        documents: await tx.select().from(documents).where(eq(documents.tenantId, tenantId)),
      }));
    }

    it("needs the exact name: a wrong confirmation deletes nothing", async () => {
      const t = await makeTenant(["owner"]);
      const key = await populate(t, `wrongname${seq}`);
      for (const confirmName of ["", "team", t.name.toUpperCase(), `${t.name}!`]) {
        expectRefusal(await runAction(deleteTenantAction, ctx(t.people[0]!), { tenant: t.slug, confirmName }), "bad_request:confirm", new RegExp(t.name));
      }
      const rows = await rowsOf(t.id);
      expect([rows.tenants.length, rows.memberships.length, rows.invitations.length, rows.documents.length]).toEqual([1, 1, 1, 1]);
      expect(await getStorage().exists(key)).toBe(true);
    });

    it("removes the workspace with its memberships, invitations, documents and files, leaves other workspaces alone, and audits outside the tenant", async () => {
      const doomed = await makeTenant(["owner", "admin", "viewer"]);
      const kept = await makeTenant(["owner", "member"]);
      // A person in both workspaces keeps the other membership and their account.
      await withSystem("test", (tx) => tx.insert(memberships).values({ userId: doomed.people[1]!.id, tenantId: kept.id, role: "viewer" }));
      const doomedKey = await populate(doomed, `doomed${seq}`);
      const keptKey = await populate(kept, `kept${seq}`);
      const keptBefore = await rowsOf(kept.id);

      const [owner] = doomed.people as [SessionUser];
      const result = await runAction(deleteTenantAction, ctx(owner), { tenant: doomed.slug, confirmName: `  ${doomed.name} ` });
      expect(result).toEqual({ ok: true, data: undefined });

      expect(await rowsOf(doomed.id)).toEqual({ tenants: [], memberships: [], invitations: [], documents: [] });
      expect(await getStorage().exists(doomedKey)).toBe(false);
      expect(await getStorage().exists(path.posix.dirname(path.posix.dirname(doomedKey)))).toBe(false);

      expect(await rowsOf(kept.id)).toEqual(keptBefore);
      expect(await getStorage().exists(keptKey)).toBe(true);
      // Its chunks' partition goes with it (migration 0020); the other's stays.
      expect(await chunkPartitionOf(doomed.id)).toEqual([]);
      expect(await chunkPartitionOf(kept.id)).toHaveLength(1);
      const people = await withSystem("test", (tx) => tx.select().from(users));
      for (const u of doomed.people) expect(people.some((p) => p.id === u.id)).toBe(true);

      const entries = await withSystem("test", (tx) =>
        tx.select().from(auditLog).where(and(eq(auditLog.action, "tenant.deleted"), eq(auditLog.targetId, doomed.id))),
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        tenantId: null,
        actor: { userId: owner.id, email: owner.email },
        targetType: "tenant",
        details: { before: { name: doomed.name, slug: doomed.slug } },
      });
      const nullTenantEntries = await withSystem("test", (tx) => tx.select().from(auditLog).where(isNull(auditLog.tenantId)));
      expect(nullTenantEntries.some((e) => e.targetId === doomed.id)).toBe(true);

      // The former owner's access is gone with it.
      expectRefusal(await runAction(deleteTenantAction, ctx(owner), { tenant: doomed.slug, confirmName: doomed.name }), "forbidden:tenant");
    });

    it("an admin cannot delete the workspace", async () => {
      const t = await makeTenant(["owner", "admin"]);
      expectRefusal(await runAction(deleteTenantAction, ctx(t.people[1]!), { tenant: t.slug, confirmName: t.name }), "forbidden:scope");
      expect(await tenantBySlug(t.slug)).toBeDefined();
    });
  });
});
