import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { tenants } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { auditFilterSchema, listAuditEntries, listGlobalAuditEntries } from "./audit-log";
import { recordAudit } from "./record-audit";

const filter = (input: Record<string, unknown> = {}) => auditFilterSchema.parse(input);

describe("audit log", () => {
  let handle: DatabaseHandle;
  let alpha: Actor;
  let beta: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [a, b] = await handle.db.insert(tenants).values([{ name: "Alpha", slug: "alpha-audit" }, { name: "Beta", slug: "beta-audit" }]).returning();
    alpha = { tenantId: a!.id, role: "admin", userId: "00000000-0000-4000-8000-000000000001", email: "ada@alpha.test" };
    beta = { tenantId: b!.id, role: "admin", userId: "00000000-0000-4000-8000-000000000002", email: "bob@beta.test" };
    for (let i = 0; i < 5; i++) {
      await withTenant(alpha, (tx) => recordAudit(tx, alpha, { action: i % 2 ? "document.deleted" : "correction.updated", targetType: i % 2 ? "document" : "correction", targetId: `t${i}`, before: { n: i }, after: { n: i + 1 } }));
    }
    await withTenant(beta, (tx) => recordAudit(tx, beta, { action: "document.deleted", targetType: "document", targetId: "secret" }));
    await withSystem("test", (tx) => recordAudit(tx, { tenantId: null, userId: alpha.userId, email: alpha.email }, { action: "tenant.deleted", targetType: "tenant", targetId: "gone" }));
  });

  afterAll(() => handle?.close());

  it("lists the workspace's entries newest first, with before/after, and nothing of another workspace", async () => {
    const page = await listAuditEntries({ actor: alpha, filter: filter() });
    expect(page.entries.map((e) => e.targetId)).toEqual(["t4", "t3", "t2", "t1", "t0"]);
    expect(page.entries[0]).toMatchObject({ action: "correction.updated", actorEmail: "ada@alpha.test", tenantSlug: "alpha-audit", details: { before: { n: 4 }, after: { n: 5 } } });
    expect(page.actions).toEqual(["correction.updated", "document.deleted"]);
    expect(page.targetTypes).toEqual(["correction", "document"]);
    expect(page.nextBefore).toBeNull();
    expect((await listAuditEntries({ actor: beta, filter: filter() })).entries.map((e) => e.targetId)).toEqual(["secret"]);
  });

  it("filters by actor, action, target type and dates, and pages with a cursor", async () => {
    expect((await listAuditEntries({ actor: alpha, filter: filter({ action: "document.deleted" }) })).entries.map((e) => e.targetId)).toEqual(["t3", "t1"]);
    expect((await listAuditEntries({ actor: alpha, filter: filter({ targetType: "correction" }) })).entries).toHaveLength(3);
    expect((await listAuditEntries({ actor: alpha, filter: filter({ actor: "ADA@" }) })).entries).toHaveLength(5);
    expect((await listAuditEntries({ actor: alpha, filter: filter({ actor: "bob" }) })).entries).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEntries({ actor: alpha, filter: filter({ from: today, to: today }) })).entries).toHaveLength(5);
    expect((await listAuditEntries({ actor: alpha, filter: filter({ to: "2020-01-01" }) })).entries).toHaveLength(0);
    const first = await listAuditEntries({ actor: alpha, filter: filter({ limit: 2 }) });
    expect(first.entries.map((e) => e.targetId)).toEqual(["t4", "t3"]);
    const second = await listAuditEntries({ actor: alpha, filter: filter({ limit: 2, before: first.nextBefore }) });
    expect(second.entries.map((e) => e.targetId)).toEqual(["t2", "t1"]);
    const third = await listAuditEntries({ actor: alpha, filter: filter({ limit: 2, before: second.nextBefore }) });
    expect(third.entries.map((e) => e.targetId)).toEqual(["t0"]);
    expect(third.nextBefore).toBeNull();
  });

  it("gives superusers every workspace and the events above any workspace", async () => {
    const all = await listGlobalAuditEntries({ filter: filter() });
    expect(all.entries.map((e) => e.targetId)).toEqual(expect.arrayContaining(["gone", "secret", "t0"]));
    expect(all.entries.find((e) => e.targetId === "gone")).toMatchObject({ tenantId: null, tenantSlug: null, action: "tenant.deleted" });
    expect((await listGlobalAuditEntries({ filter: filter(), tenantSlug: "beta-audit" })).entries.map((e) => e.targetId)).toEqual(["secret"]);
  });
});
