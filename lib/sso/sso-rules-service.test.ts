import { and, eq, gt } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, memberships, ssoRules, tenants, users, type Role } from "@/db/schema";
import { runAction } from "@/lib/api/define-action";
import { resolveActor } from "@/lib/api/resolve-actor";
import type { SessionUser } from "@/lib/auth/session";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { addSsoRuleAction, removeSsoRuleAction, setSsoRequiredAction } from "./actions";
import { addSsoRule, getSsoSettings, removeSsoRule, setSsoRequired } from "./sso-rules-service";

const OIDC = { OIDC_ISSUER: "http://127.0.0.1:9/", OIDC_CLIENT_ID: "console", OIDC_CLIENT_SECRET: "secret", OIDC_NAME: "Acme ID" };
const saved = Object.fromEntries(Object.keys(OIDC).map((k) => [k, process.env[k]]));
const configure = (on: boolean) => {
  for (const [k, v] of Object.entries(OIDC)) {
    if (on) process.env[k] = v;
    else delete process.env[k];
  }
};

let handle: DatabaseHandle;
let seq = 0;

interface Workspace {
  slug: string;
  tenantId: string;
  people: Record<Role | "superuser", SessionUser>;
  actor: (role: Role) => Actor;
}

async function workspace(): Promise<Workspace> {
  seq++;
  const slug = `sso-${seq}`;
  const [tenant] = await handle.db.insert(tenants).values({ name: `SSO ${seq}`, slug }).returning();
  const names = ["owner", "admin", "member", "viewer", "superuser"] as const;
  const rows = await handle.db.insert(users).values(names.map((n) => ({ email: `${n}.${seq}@sso.test`, fullName: n, isSuperuser: n === "superuser" }))).returning();
  const people = Object.fromEntries(rows.map((r, i) => [names[i], { id: r.id, email: r.email, name: r.fullName, isSuperuser: r.isSuperuser }])) as Workspace["people"];
  await handle.db.insert(memberships).values((["owner", "admin", "member", "viewer"] as const).map((role) => ({ userId: people[role].id, tenantId: tenant!.id, role })));
  return {
    slug,
    tenantId: tenant!.id,
    people,
    actor: (role) => ({ tenantId: tenant!.id, role, userId: people[role].id, email: people[role].email }),
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterEach(() => configure(false));

afterAll(async () => {
  await handle?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function auditSince(tenantId: string, action: string, after: Date) {
  return withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action), gt(auditLog.createdAt, after))));
}

describe("single sign-on rules", () => {
  it("an owner adds, lists and removes rules, each change audited with what it was", async () => {
    const w = await workspace();
    const start = new Date(Date.now() - 1000);
    const domain = await addSsoRule({ actor: w.actor("owner"), input: { kind: "email_domain", value: "@Acme.Example", role: "member" } });
    expect(domain).toMatchObject({ kind: "email_domain", value: "acme.example", role: "member" });
    await addSsoRule({ actor: w.actor("owner"), input: { kind: "group", value: "Readers", role: "viewer" } });
    const settings = await getSsoSettings({ actor: w.actor("owner") });
    expect(settings.rules.map((r) => `${r.kind}:${r.value}:${r.role}`)).toEqual(["email_domain:acme.example:member", "group:Readers:viewer"]);
    expect(settings).toMatchObject({ configured: false, requireSso: false });
    await removeSsoRule({ actor: w.actor("owner"), id: domain.id });
    expect((await getSsoSettings({ actor: w.actor("owner") })).rules).toHaveLength(1);
    expect(await auditSince(w.tenantId, "sso.rule_added", start)).toHaveLength(2);
    const [removed] = await auditSince(w.tenantId, "sso.rule_removed", start);
    expect(removed!.details).toMatchObject({ before: { kind: "email_domain", value: "acme.example", role: "member" } });
  });

  it("refuses a second rule for the same domain, in any case, and a rule that is gone, in words", async () => {
    const w = await workspace();
    await addSsoRule({ actor: w.actor("owner"), input: { kind: "email_domain", value: "acme.example", role: "member" } });
    await expect(addSsoRule({ actor: w.actor("owner"), input: { kind: "email_domain", value: "ACME.example", role: "admin" } })).rejects.toThrow(/already a rule for the domain acme.example/);
    await expect(removeSsoRule({ actor: w.actor("owner"), id: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/no longer exists/);
  });

  it("refuses the owner role, at the service and in the database", async () => {
    const w = await workspace();
    await expect(addSsoRule({ actor: w.actor("owner"), input: { kind: "group", value: "bosses", role: "owner" } })).rejects.toThrow(/never makes owners/);
    const insert = withTenant(w.actor("owner"), (tx) => tx.insert(ssoRules).values({ tenantId: w.tenantId, kind: "group", value: "bosses", role: "owner" }));
    await expect(insert).rejects.toThrow();
  });

  it("are for owners only: admins and below are refused by the action, with nothing written", async () => {
    const w = await workspace();
    for (const role of ["admin", "member", "viewer"] as const) {
      const result = await runAction(addSsoRuleAction, { user: w.people[role] }, { tenant: w.slug, kind: "group", value: "x", role: "viewer" });
      expect(result.ok ? "ok" : result.error.code, role).toBe("forbidden:scope");
    }
    expect((await getSsoSettings({ actor: w.actor("owner") })).rules).toEqual([]);
  });

  it("answer a bad domain beside its field, through the action", async () => {
    const w = await workspace();
    const result = await runAction(addSsoRuleAction, { user: w.people.owner }, { tenant: w.slug, kind: "email_domain", value: "not a domain", role: "member" });
    expect(result.ok ? "ok" : result.error.message).toMatch(/such as example.com/);
  });

  it("of one workspace are invisible to another's transactions (row level security)", async () => {
    const a = await workspace();
    const b = await workspace();
    await addSsoRule({ actor: a.actor("owner"), input: { kind: "group", value: "secret-group", role: "viewer" } });
    const seen = await withTenant(b.actor("owner"), (tx) => tx.select().from(ssoRules));
    expect(seen).toEqual([]);
    const removal = await runAction(removeSsoRuleAction, { user: b.people.owner }, { tenant: b.slug, id: (await getSsoSettings({ actor: a.actor("owner") })).rules[0]!.id });
    expect(removal.ok ? "ok" : removal.error.code).toBe("not_found:sso_rule");
  });
});

describe("requiring single sign-on", () => {
  it("cannot be turned on while no provider is configured", async () => {
    const w = await workspace();
    await expect(setSsoRequired({ actor: w.actor("owner"), required: true, signedInWith: "sso" })).rejects.toThrow(/not configured/);
  });

  it("cannot be turned on from a password session, so the owner cannot lock themselves out", async () => {
    configure(true);
    const w = await workspace();
    const result = await runAction(setSsoRequiredAction, { user: w.people.owner }, { tenant: w.slug, required: true });
    expect(result.ok ? "ok" : result.error.message).toMatch(/Sign in with single sign-on before requiring it/);
    expect((await getSsoSettings({ actor: w.actor("owner") })).requireSso).toBe(false);
  });

  it("once on from an SSO session, refuses members' password sessions everywhere and lets SSO sessions and superusers in", async () => {
    configure(true);
    const w = await workspace();
    const start = new Date(Date.now() - 1000);
    const on = await runAction(setSsoRequiredAction, { user: { ...w.people.owner, signedInWith: "sso" } }, { tenant: w.slug, required: true });
    expect(on).toEqual({ ok: true, data: { requireSso: true } });
    expect(await auditSince(w.tenantId, "sso.requirement_changed", start)).toHaveLength(1);

    for (const role of ["owner", "member", "viewer"] as const) {
      await expect(resolveActor({ user: w.people[role] }, w.slug, "tenant:read"), role).rejects.toThrow(/requires single sign-on/);
      await expect(resolveActor({ user: { ...w.people[role], signedInWith: "sso" } }, w.slug, "tenant:read")).resolves.toMatchObject({ actor: { role } });
    }
    // A superuser (member or not) is never held to it: someone can always get in to fix the settings.
    await expect(resolveActor({ user: w.people.superuser }, w.slug, "tenant:read")).resolves.toMatchObject({ actor: { role: "owner" } });
    const refusals = await auditSince(w.tenantId, "access.denied", start);
    expect(refusals.some((r) => String((r.details as { reason?: string }).reason).includes("single sign-on required"))).toBe(true);

    // Turning it off needs no SSO session.
    await expect(setSsoRequired({ actor: { ...w.actor("owner"), isSuperuser: false }, required: false, signedInWith: undefined })).resolves.toEqual({ requireSso: false });
    await expect(resolveActor({ user: w.people.member }, w.slug, "tenant:read")).resolves.toMatchObject({ actor: { role: "member" } });
  });
});
