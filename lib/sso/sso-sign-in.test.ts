import { and, eq, gt, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, memberships, ssoRules, tenants, users } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { signInWithSso, SsoRefusedError } from "./sso-sign-in";

let handle: DatabaseHandle;
let acme: string;
let globex: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const rows = await handle.db.insert(tenants).values([{ name: "Acme", slug: "acme-sso" }, { name: "Globex", slug: "globex-sso" }]).returning();
  [acme, globex] = [rows[0]!.id, rows[1]!.id];
  await handle.db.insert(ssoRules).values([
    { tenantId: acme, kind: "email_domain", value: "acme.example", role: "member" },
    { tenantId: acme, kind: "group", value: "acme-admins", role: "admin" },
    { tenantId: globex, kind: "group", value: "globex-readers", role: "viewer" },
  ]);
});

afterAll(async () => {
  await handle?.close();
});

const claims = (email: string, extra: Record<string, unknown> = {}) => ({ sub: `sub-${email}`, email, email_verified: true, name: "Ann Example", ...extra });

async function lastAuditId(): Promise<number> {
  const rows = await withSystem("test", (tx) => tx.select({ id: auditLog.id }).from(auditLog));
  return Math.max(0, ...rows.map((r) => Number(r.id)));
}

async function entriesSince(id: number) {
  return withSystem("test", (tx) => tx.select({ action: auditLog.action, tenantId: auditLog.tenantId, details: auditLog.details }).from(auditLog).where(gt(auditLog.id, id)));
}

async function rolesOf(userId: string) {
  const rows = await handle.db.select({ tenantId: memberships.tenantId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.tenantId === acme ? "acme" : r.tenantId === globex ? "globex" : r.tenantId, r.role]));
}

describe("signing in with single sign-on", () => {
  it("creates an account without a password for a new verified email, applies the matching rules, and audits it", async () => {
    const before = await lastAuditId();
    const user = await signInWithSso(claims("New.Person@ACME.example", { groups: ["acme-admins", "globex-readers"] }), { ip: "10.1.2.3" });
    expect(user.email).toBe("new.person@acme.example");
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toBeNull();
    expect(row!.fullName).toBe("Ann Example");
    expect(row!.lastLoginAt).not.toBeNull();
    // The domain says member, the group admin: the higher one.
    expect(await rolesOf(user.id)).toEqual({ acme: "admin", globex: "viewer" });
    const entries = await entriesSince(before);
    expect(entries.map((e) => e.action).sort()).toEqual(["auth.sso_sign_in", "members.added_by_sso_rule", "members.added_by_sso_rule", "user.created"]);
    expect(entries.find((e) => e.action === "auth.sso_sign_in")!.details).toMatchObject({ newAccount: true, workspacesJoined: 2 });
  });

  it("links to the existing account with that email, whatever its case, and never demotes a membership", async () => {
    const [existing] = await handle.db.insert(users).values({ email: "Owner@Acme.example", fullName: "Owner", passwordHash: "x" }).returning();
    await handle.db.insert(memberships).values({ userId: existing!.id, tenantId: acme, role: "owner" });
    const user = await signInWithSso(claims("owner@acme.example"));
    expect(user.id).toBe(existing!.id);
    expect(await rolesOf(existing!.id)).toEqual({ acme: "owner" });
    const [row] = await handle.db.select().from(users).where(eq(users.id, existing!.id));
    expect(row!.passwordHash).toBe("x");
  });

  it("adds nobody where no rule matches", async () => {
    const user = await signInWithSso(claims("someone@elsewhere.example", { groups: ["unrelated"] }));
    expect(await rolesOf(user.id)).toEqual({});
  });

  it.each([
    ["an unverified email", claims("ann@acme.example", { email_verified: false }), "SsoUnverified"],
    ["no email_verified claim", { sub: "x", email: "ann2@acme.example" }, "SsoUnverified"],
    ["no email", { sub: "x", email_verified: true }, "SsoNoEmail"],
  ])("refuses %s, audited, and creates nothing", async (_label, input, reason) => {
    const before = await lastAuditId();
    const error = await signInWithSso(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsoRefusedError);
    expect((error as SsoRefusedError).reason).toBe(reason);
    expect((error as SsoRefusedError).message).toMatch(/identity provider/);
    const made = await handle.db.select().from(users).where(inArray(users.email, ["ann@acme.example", "ann2@acme.example"]));
    expect(made).toEqual([]);
    expect((await entriesSince(before)).map((e) => e.action)).toEqual(["auth.sso_sign_in_refused"]);
  });

  it("refuses a deactivated account and gives it no membership", async () => {
    const [inactive] = await handle.db.insert(users).values({ email: "gone@acme.example", isActive: false }).returning();
    const error = await signInWithSso(claims("gone@acme.example")).catch((e: unknown) => e);
    expect((error as SsoRefusedError).reason).toBe("SsoDeactivated");
    expect(await rolesOf(inactive!.id)).toEqual({});
  });

  it("refuses a superuser's account, whatever the provider vouches for, and gives it no membership", async () => {
    const [superuser] = await handle.db.insert(users).values({ email: "root@acme.example", isSuperuser: true }).returning();
    const before = await lastAuditId();
    const error = await signInWithSso(claims("ROOT@acme.example", { groups: ["acme-admins"] })).catch((e: unknown) => e);
    expect((error as SsoRefusedError).reason).toBe("SsoSuperuser");
    expect(await rolesOf(superuser!.id)).toEqual({});
    expect((await entriesSince(before)).map((e) => e.action)).toEqual(["auth.sso_sign_in_refused"]);
  });

  it("audits each membership a rule gives in its own workspace", async () => {
    const before = await lastAuditId();
    const user = await signInWithSso(claims("reader@globex.example", { groups: ["globex-readers"] }));
    const [entry] = await withSystem("test", (tx) =>
      tx.select().from(auditLog).where(and(gt(auditLog.id, before), eq(auditLog.action, "members.added_by_sso_rule"))),
    );
    expect(entry).toMatchObject({ tenantId: globex, targetId: user.id, details: { role: "viewer", rule: { kind: "group", value: "globex-readers" } } });
  });
});
