import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, documents, evaluationRuns, memberships, tenants, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { createTestDatabase, createWireTestDatabase, databaseError } from "@/lib/testing/test-database";
import type { Actor } from "./actor";
import { withSystem, withTenant } from "./with-tenant";

// The same suite on both drivers: embedded PGlite, and postgres.js over the wire.
describe.each([
  ["PGlite", createTestDatabase],
  ["postgres.js over the wire", createWireTestDatabase],
] as const)("row level security through withTenant (%s)", (_name, open) => {
  let handle: DatabaseHandle;
  let a: Actor;
  let b: Actor;
  let docOfB: string;

  beforeAll(async () => {
    handle = await open();
    const [user] = await handle.db.insert(users).values({ email: "iso@example.test", fullName: "Iso" }).returning();
    const [ta, tb] = await handle.db
      .insert(tenants)
      .values([
        { name: "Tenant A", slug: "tenant-a" },
        { name: "Tenant B", slug: "tenant-b" },
      ])
      .returning();
    a = { tenantId: ta!.id, role: "owner", userId: user!.id };
    b = { tenantId: tb!.id, role: "owner", userId: user!.id };
    for (const actor of [a, b]) {
      await withTenant(actor, async (tx) => {
        await tx.insert(memberships).values({ userId: user!.id, tenantId: actor.tenantId, role: "owner" });
        const [doc] = await tx
          .insert(documents)
          .values({
            tenantId: actor.tenantId,
            filename: `${actor === a ? "a" : "b"}.txt`,
            mimeType: "text/plain",
            fileSize: 1,
            sha256: actor === a ? "a".repeat(64) : "b".repeat(64),
            storageKey: `key-${actor.tenantId}`,
          })
          .returning();
        if (actor === b) docOfB = doc!.id;
        await tx.insert(evaluationRuns).values({ tenantId: actor.tenantId, query: "q", mode: "hybrid", latencyMs: 1 });
      });
    }
  });

  afterAll(() => handle?.close());

  it("a query without a tenant filter sees only the actor's tenant", async () => {
    const seen = await withTenant(a, (tx) => tx.select().from(documents));
    expect(seen.map((d) => d.filename)).toEqual(["a.txt"]);
    const runs = await withTenant(b, (tx) => tx.select().from(evaluationRuns));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.tenantId).toBe(b.tenantId);
  });

  it("refuses to insert a row into another tenant", async () => {
    expect(await databaseError(withTenant(a, (tx) =>
        tx.insert(evaluationRuns).values({ tenantId: b.tenantId, query: "sneaky", mode: "hybrid", latencyMs: 1 }),
      ))).toMatch(/row-level security/);
    const all = await withSystem("test check", (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.query, "sneaky")));
    expect(all).toHaveLength(0);
  });

  it("cannot update or delete another tenant's row, nor move its own row into another tenant", async () => {
    const updated = await withTenant(a, (tx) =>
      tx.update(documents).set({ filename: "hijacked.txt" }).where(eq(documents.id, docOfB)).returning(),
    );
    expect(updated).toHaveLength(0);
    const deleted = await withTenant(a, (tx) => tx.delete(documents).where(eq(documents.id, docOfB)).returning());
    expect(deleted).toHaveLength(0);
    expect(await databaseError(withTenant(a, (tx) => tx.update(documents).set({ tenantId: b.tenantId }).where(eq(documents.tenantId, a.tenantId))))).toMatch(/row-level security/);
    const [docB] = await withSystem("test check", (tx) => tx.select().from(documents).where(eq(documents.id, docOfB)));
    expect(docB?.filename).toBe("b.txt");
  });

  it("fails closed: the application role with no tenant set sees no rows", async () => {
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local role tkc_app`);
      return tx.select().from(documents);
    });
    expect(rows).toHaveLength(0);
  });

  it("keeps the audit log append-only", async () => {
    await withTenant(a, (tx) => recordAudit(tx, a, { action: "test.event", targetType: "test" }));
    const entries = await withTenant(a, (tx) => tx.select().from(auditLog));
    expect(entries.map((e) => e.action)).toContain("test.event");
    expect(await databaseError(withTenant(a, (tx) => tx.update(auditLog).set({ action: "rewritten" })))).toMatch(/permission denied/);
    expect(await databaseError(withTenant(a, (tx) => tx.delete(auditLog)))).toMatch(/permission denied/);
    expect(await databaseError(withSystem("test", (tx) => tx.delete(auditLog)))).toMatch(/permission denied/);
    // Even the owning connection cannot rewrite history: the trigger refuses.
    expect(await databaseError(handle.db.update(auditLog).set({ action: "rewritten" }))).toMatch(/append-only/);
  });
});
