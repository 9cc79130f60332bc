import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { queryRows } from "@/db/connect";
import { auditLog, chunks, documents, evaluationRuns, memberships, retentionPolicies, tenants, users, type DocumentStatus } from "@/db/schema";
import { runAction } from "@/lib/api/define-action";
import type { SessionUser } from "@/lib/auth/session";
import { countHits } from "@/lib/rate-limits/counter";
import { getStorage } from "@/lib/storage";
import { contentKey } from "@/lib/storage/object-storage";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, createWireTestDatabase, databaseError } from "@/lib/testing/test-database";
import { previewRetentionAction, updateRetentionAction } from "./actions";
import type { RetentionDays } from "./resources";
import { applyRetention, getRetentionPolicies, previewRetention, RETENTION_JOB, runRetentionForAllTenants, setRetentionPolicies } from "./retention-service";

const DAY = 86_400_000;
// The real clock: rows the services stamp with now() during the test must be newer than any cutoff.
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const ALL_30: RetentionDays = { evaluation_runs: 30, audit_log: 30, failed_documents: 30 };

let storageDir: string;
const savedStorageDir = process.env.STORAGE_DIR;

beforeAll(async () => {
  // Before the first getStorage(): it reads STORAGE_DIR once.
  storageDir = await mkdtemp(path.join(os.tmpdir(), "tkc-retention-test-"));
  process.env.STORAGE_DIR = storageDir;
});

afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
  if (savedStorageDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = savedStorageDir;
});

let seq = 0;

async function makeTenant(handle: DatabaseHandle, name: string): Promise<Actor> {
  seq++;
  const [tenant] = await handle.db.insert(tenants).values({ name: `${name} ${seq}`, slug: `${name}-${seq}` }).returning();
  const [user] = await handle.db.insert(users).values({ email: `owner.${seq}@retention.test` }).returning();
  return { tenantId: tenant!.id, role: "owner", userId: user!.id, email: user!.email };
}

/**
 * Rows on both sides of a 30-day cutoff, more of each than a batch of 3 holds, and one row exactly at
 * the cutoff (kept: only rows older than the cutoff go). Returns how many of each a 30-day policy removes.
 */
async function seed(tenantId: string) {
  const cutoff = daysAgo(30);
  const runAges = [31, 35, 40, 60, 90, 200, 400];
  const auditAges = [31, 45, 100, 365, 800, 31];
  let n = 0;
  const doc = async (status: DocumentStatus, at: { processedAt?: Date | null; updatedAt: Date }) => {
    n++;
    const sha256 = createHash("sha256").update(`${tenantId}:${n}`).digest("hex");
    const storageKey = contentKey({ tenantId, sha256 });
    await getStorage().put(storageKey, new TextEncoder().encode(`file ${n}`));
    const [row] = await withSystem("test", (tx) =>
      tx.insert(documents).values({ tenantId, filename: `doc-${n}.txt`, mimeType: "text/plain", fileSize: 6, sha256, storageKey, status, ...at }).returning(),
    );
    return row!;
  };
  await withSystem("test", async (tx) => {
    const run = (createdAt: Date) => ({ tenantId, query: "q", mode: "hybrid" as const, latencyMs: 1, createdAt });
    await tx.insert(evaluationRuns).values([...runAges.map((d) => run(daysAgo(d))), run(cutoff), run(daysAgo(29)), run(daysAgo(1)), run(NOW)]);
    const entry = (createdAt: Date) => ({ tenantId, actor: { email: "someone@retention.test" }, action: "test.event", createdAt });
    await tx.insert(auditLog).values([...auditAges.map((d) => entry(daysAgo(d))), entry(cutoff), entry(daysAgo(2))]);
  });
  const expired = [
    await doc("failed", { processedAt: daysAgo(40), updatedAt: daysAgo(40) }),
    await doc("failed", { processedAt: daysAgo(31), updatedAt: daysAgo(31) }),
    await doc("failed", { processedAt: daysAgo(300), updatedAt: daysAgo(300) }),
    // Failed without the worker's stamp: updated_at says when.
    await doc("failed", { processedAt: null, updatedAt: daysAgo(90) }),
  ];
  const kept = [
    await doc("failed", { processedAt: daysAgo(5), updatedAt: daysAgo(5) }),
    // Failed recently, though touched long ago: processed_at wins.
    await doc("failed", { processedAt: daysAgo(3), updatedAt: daysAgo(100) }),
    await doc("completed", { processedAt: daysAgo(100), updatedAt: daysAgo(100) }),
    await doc("pending", { processedAt: null, updatedAt: daysAgo(100) }),
  ];
  await withSystem("test", (tx) => tx.insert(chunks).values({ documentId: expired[0]!.id, tenantId, ordinal: 0, content: "gone", tokenCount: 1 }));
  return { counts: { evaluation_runs: runAges.length, audit_log: auditAges.length, failed_documents: expired.length }, expired, kept };
}

async function tally(tenantId: string) {
  return withSystem("test", async (tx) => ({
    runs: (await tx.select({ n: count() }).from(evaluationRuns).where(eq(evaluationRuns.tenantId, tenantId)))[0]!.n,
    audit: (await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.tenantId, tenantId)))[0]!.n,
    documents: (await tx.select({ n: count() }).from(documents).where(eq(documents.tenantId, tenantId)))[0]!.n,
  }));
}

const purgeEntries = (tenantId: string) =>
  withSystem("test", (tx) =>
    tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "retention.purged"))).orderBy(asc(auditLog.id)),
  );

describe.each([
  ["PGlite", createTestDatabase],
  ["postgres.js over the wire", createWireTestDatabase],
] as const)("the retention cleanup (%s)", (_name, open) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await open();
  });

  afterAll(() => handle?.close());

  it("retention dry-run and run agree on the count, batch by batch, and leave other workspaces alone", async () => {
    const alpha = await makeTenant(handle, "alpha");
    const beta = await makeTenant(handle, "beta");
    const data = await seed(alpha.tenantId);
    await seed(beta.tenantId);
    await setRetentionPolicies({ actor: alpha, input: ALL_30 });
    const betaBefore = await tally(beta.tenantId);

    const preview = await previewRetention({ actor: alpha, now: NOW });
    expect(preview).toEqual([
      { resource: "evaluation_runs", retainDays: 30, cutoff: daysAgo(30).toISOString(), rows: data.counts.evaluation_runs },
      { resource: "audit_log", retainDays: 30, cutoff: daysAgo(30).toISOString(), rows: data.counts.audit_log },
      { resource: "failed_documents", retainDays: 30, cutoff: daysAgo(30).toISOString(), rows: data.counts.failed_documents },
    ]);

    const before = await tally(alpha.tenantId);
    const outcomes = await applyRetention({ tenantId: alpha.tenantId, now: NOW, batchSize: 3 });
    expect(outcomes.map((o) => [o.resource, o.removed, o.error])).toEqual(preview.map((p) => [p.resource, p.rows, undefined]));
    const after = await tally(alpha.tenantId);
    expect(before.runs - after.runs).toBe(data.counts.evaluation_runs);
    expect(before.documents - after.documents).toBe(data.counts.failed_documents);
    // The cleanup added one entry per resource while it removed the old ones.
    expect(before.audit - after.audit).toBe(data.counts.audit_log - 3);

    expect((await previewRetention({ actor: alpha, now: NOW })).map((p) => p.rows)).toEqual([0, 0, 0]);
    expect(await tally(beta.tenantId)).toEqual(betaBefore);

    const entries = await purgeEntries(alpha.tenantId);
    expect(entries.map((e) => [e.targetType, e.details])).toEqual(
      preview.map((p) => [p.resource, { removed: p.rows, retainDays: 30, cutoff: p.cutoff }]),
    );
    expect(entries.every((e) => e.actor.email === RETENTION_JOB && !e.actor.userId)).toBe(true);

    const remaining = await withSystem("test", (tx) => tx.select({ id: documents.id }).from(documents).where(eq(documents.tenantId, alpha.tenantId)));
    expect(remaining.map((r) => r.id).sort()).toEqual(data.kept.map((d) => d.id).sort());
    for (const doc of data.expired) expect(await getStorage().exists(doc.storageKey), doc.filename).toBe(false);
    for (const doc of data.kept) expect(await getStorage().exists(doc.storageKey), doc.filename).toBe(true);
    const orphanChunks = await withSystem("test", (tx) => tx.select().from(chunks).where(eq(chunks.documentId, data.expired[0]!.id)));
    expect(orphanChunks).toEqual([]);
  });

  it("runs every workspace's policies, writes nothing when nothing expired, and vacuums what shrank", async () => {
    const gamma = await makeTenant(handle, "gamma");
    const delta = await makeTenant(handle, "delta");
    const untouched = await makeTenant(handle, "untouched");
    const gammaData = await seed(gamma.tenantId);
    await seed(delta.tenantId);
    await seed(untouched.tenantId);
    await setRetentionPolicies({ actor: gamma, input: { evaluation_runs: 30, audit_log: null, failed_documents: null } });
    await setRetentionPolicies({ actor: delta, input: { evaluation_runs: 3650, audit_log: null, failed_documents: 60 } });
    const untouchedBefore = await tally(untouched.tenantId);
    const errors = vi.spyOn(console, "error");

    const summary = await runRetentionForAllTenants({ now: NOW, batchSize: 3 });
    expect(summary.failures).toBe(0);
    expect(summary.workspaces).toBeGreaterThanOrEqual(2);
    expect(errors).not.toHaveBeenCalled();
    expect((await purgeEntries(gamma.tenantId)).map((e) => [e.targetType, e.details.removed])).toEqual([["evaluation_runs", gammaData.counts.evaluation_runs]]);
    // delta: nothing is 10 years old; of its failed documents only the 300-day-old and 90-day-old ones are past 60 days.
    expect((await purgeEntries(delta.tenantId)).map((e) => [e.targetType, e.details.removed])).toEqual([["failed_documents", 2]]);
    expect(await tally(untouched.tenantId)).toEqual(untouchedBefore);
    const [stats] = await queryRows<{ analyzed: boolean }>(
      handle.db,
      sql`select last_analyze is not null or last_autoanalyze is not null as analyzed from pg_stat_user_tables where relname = 'evaluation_runs'`,
    );
    expect(stats?.analyzed).toBe(true);
    errors.mockRestore();
  });

  it("sweeps the rate-limit counters whose window has ended and keeps the live ones", async () => {
    const hits = await countHits(["test:ended-1", "test:ended-2", "test:live"], 60);
    expect(hits.map((h) => h.count)).toEqual([1, 1, 1]);
    await handle.db.execute(sql`update rate_limits set window_ends = now() - interval '1 second' where key like 'test:ended-%'`);
    const summary = await runRetentionForAllTenants({ now: NOW, batchSize: 1 });
    expect(summary.rateLimitsSwept).toBeGreaterThanOrEqual(2);
    expect((await queryRows<{ key: string }>(handle.db, sql`select key from rate_limits where key like 'test:%'`)).map((r) => r.key)).toEqual(["test:live"]);
  });

  it("deletes audit entries only through its own path; the application roles still cannot", async () => {
    const owner = await makeTenant(handle, "guarded");
    await withTenant(owner, (tx) => tx.insert(auditLog).values({ tenantId: owner.tenantId, actor: {}, action: "test.kept", createdAt: daysAgo(400) }));
    const purgeFlag = sql`select set_config('app.audit_purge', 'on', true)`;
    // Raising the flag does not help the application role: it has no DELETE or UPDATE privilege at all.
    expect(await databaseError(withTenant(owner, async (tx) => { await tx.execute(purgeFlag); await tx.delete(auditLog); }))).toMatch(/permission denied/);
    expect(await databaseError(withTenant(owner, async (tx) => { await tx.execute(purgeFlag); await tx.update(auditLog).set({ action: "rewritten" }); }))).toMatch(/permission denied/);
    expect(await databaseError(withSystem("test", async (tx) => { await tx.execute(purgeFlag); await tx.delete(auditLog); }))).toMatch(/permission denied/);
    expect(await databaseError(handle.db.delete(auditLog).where(eq(auditLog.tenantId, owner.tenantId)))).toMatch(/append-only/);

    await setRetentionPolicies({ actor: owner, input: { evaluation_runs: null, audit_log: 30, failed_documents: null } });
    const [outcome] = await applyRetention({ tenantId: owner.tenantId, now: NOW });
    expect(outcome).toMatchObject({ resource: "audit_log", removed: 1 });
    // The flag was transaction-local: the owning connection is refused again right after.
    expect(await databaseError(handle.db.delete(auditLog).where(eq(auditLog.tenantId, owner.tenantId)))).toMatch(/append-only/);
    expect(await databaseError(handle.db.update(auditLog).set({ action: "rewritten" }).where(eq(auditLog.tenantId, owner.tenantId)))).toMatch(/append-only/);
  });
});

describe("retention policies", () => {
  let handle: DatabaseHandle;
  let owner: Actor;
  let admin: Actor;
  let member: Actor;
  let viewer: Actor;
  let slug: string;
  let ownerUser: SessionUser;

  beforeAll(async () => {
    handle = await createTestDatabase();
    owner = await makeTenant(handle, "policies");
    admin = { ...owner, role: "admin" };
    member = { ...owner, role: "member" };
    viewer = { ...owner, role: "viewer" };
    const [tenant] = await handle.db.select().from(tenants).where(eq(tenants.id, owner.tenantId));
    slug = tenant!.slug;
    ownerUser = { id: owner.userId!, email: owner.email!, name: "Owner", isSuperuser: false };
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: owner.userId!, tenantId: owner.tenantId, role: "owner" }));
  });

  afterAll(() => handle?.close());

  afterEach(async () => {
    await setRetentionPolicies({ actor: owner, input: { evaluation_runs: null, audit_log: null, failed_documents: null } });
  });

  it("saves a period per resource, deletes the policy for blank, and audits before and after", async () => {
    expect(await getRetentionPolicies({ actor: owner })).toEqual({ evaluation_runs: null, audit_log: null, failed_documents: null });
    await setRetentionPolicies({ actor: owner, input: { evaluation_runs: 90, audit_log: 365, failed_documents: null } });
    await setRetentionPolicies({ actor: owner, input: { evaluation_runs: 30, audit_log: null, failed_documents: 7 } });
    expect(await getRetentionPolicies({ actor: admin })).toEqual({ evaluation_runs: 30, audit_log: null, failed_documents: 7 });
    const rows = await withTenant(owner, (tx) => tx.select().from(retentionPolicies).orderBy(asc(retentionPolicies.resource)));
    expect(rows.map((r) => [r.resource, r.retainDays])).toEqual([["evaluation_runs", 30], ["failed_documents", 7]]);
    const [last] = await withTenant(owner, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, "retention.updated")).orderBy(sql`${auditLog.id} desc`).limit(1),
    );
    expect(last).toMatchObject({
      actor: { userId: owner.userId, email: owner.email },
      targetType: "tenant",
      targetId: owner.tenantId,
      details: { before: { evaluation_runs: 90, audit_log: 365, failed_documents: null }, after: { evaluation_runs: 30, audit_log: null, failed_documents: 7 } },
    });
  });

  it("writes no audit entry for a save that changes nothing", async () => {
    await setRetentionPolicies({ actor: owner, input: { ...ALL_30 } });
    const countUpdates = async () => (await withTenant(owner, (tx) => tx.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "retention.updated"))))[0]!.n;
    const before = await countUpdates();
    await setRetentionPolicies({ actor: owner, input: { ...ALL_30 } });
    expect(await countUpdates()).toBe(before);
  });

  it("lets admins read and preview but not change; members and viewers see nothing", async () => {
    await expect(setRetentionPolicies({ actor: admin, input: ALL_30 })).rejects.toMatchObject({ code: "forbidden:scope", message: "Only owners can change retention periods." });
    await expect(previewRetention({ actor: admin, input: { evaluation_runs: 1 } })).resolves.toHaveLength(3);
    for (const actor of [member, viewer]) {
      await expect(getRetentionPolicies({ actor })).rejects.toMatchObject({ code: "forbidden:scope" });
      await expect(previewRetention({ actor })).rejects.toMatchObject({ code: "forbidden:scope" });
    }
    expect(await getRetentionPolicies({ actor: owner })).toEqual({ evaluation_runs: null, audit_log: null, failed_documents: null });
  });

  it.each([
    [{ evaluation_runs: 0 }, "Retention for evaluation runs: Keep them at least 1 day, or leave it blank to keep them forever."],
    [{ audit_log: 2.5 }, "Retention for audit entries: Use a whole number of days, or leave it blank to keep them forever."],
    [{ failed_documents: 3651 }, "Retention for failed documents: Keep them at most 3,650 days (10 years), or leave it blank to keep them forever."],
    [{ evaluation_runs: Number.NaN }, "Retention for evaluation runs: Enter a whole number of days, or leave it blank to keep them forever."],
  ])("refuses %o with a sentence that names the resource", async (bad, message) => {
    const input = { evaluation_runs: null, audit_log: null, failed_documents: null, ...bad };
    await expect(setRetentionPolicies({ actor: owner, input })).rejects.toMatchObject({ code: "bad_request:retention", message });
    await expect(previewRetention({ actor: owner, input: bad })).rejects.toMatchObject({ code: "bad_request:retention", message });
  });

  it("answers the settings form with field errors keyed by resource", async () => {
    const ctx = { user: ownerUser, ip: "10.0.0.1" };
    const refused = await runAction(updateRetentionAction, ctx, { tenant: slug, evaluation_runs: 0, audit_log: "ten", failed_documents: null });
    expect(refused).toMatchObject({ ok: false, error: { code: "bad_request:input" } });
    if (refused.ok) return;
    expect(refused.error.fieldErrors).toEqual({
      evaluation_runs: ["Keep them at least 1 day, or leave it blank to keep them forever."],
      audit_log: ["Enter a whole number of days, or leave it blank to keep them forever."],
    });
    expect(await runAction(updateRetentionAction, ctx, { tenant: slug, evaluation_runs: 14, audit_log: null, failed_documents: null })).toEqual({
      ok: true,
      data: { evaluation_runs: 14, audit_log: null, failed_documents: null },
    });
    const preview = await runAction(previewRetentionAction, ctx, { tenant: slug, failed_documents: 2 });
    expect(preview.ok && preview.data.map((p) => [p.resource, p.retainDays])).toEqual([["evaluation_runs", 14], ["audit_log", null], ["failed_documents", 2]]);
  });

  it("previews unsaved periods without saving them; blank previews as kept forever", async () => {
    await setRetentionPolicies({ actor: owner, input: { evaluation_runs: 30, audit_log: 30, failed_documents: null } });
    await withTenant(owner, (tx) => tx.insert(evaluationRuns).values([10, 20, 40].map((d) => ({ tenantId: owner.tenantId, query: "q", mode: "hybrid" as const, latencyMs: 1, createdAt: daysAgo(d) }))));
    const rows = (input: Parameters<typeof previewRetention>[0]["input"]) => previewRetention({ actor: owner, input, now: NOW }).then((p) => p.map((r) => r.rows));
    expect(await rows({})).toEqual([1, 0, 0]);
    expect(await rows({ evaluation_runs: 15 })).toEqual([2, 0, 0]);
    expect(await rows({ evaluation_runs: null })).toEqual([0, 0, 0]);
    expect(await getRetentionPolicies({ actor: owner })).toMatchObject({ evaluation_runs: 30 });
  });

  it("a cleanup stopped between batches still audits what it removed", async () => {
    const other = await makeTenant(handle, "interrupted");
    await withTenant(other, (tx) => tx.insert(evaluationRuns).values(Array.from({ length: 5 }, () => ({ tenantId: other.tenantId, query: "q", mode: "hybrid" as const, latencyMs: 1, createdAt: daysAgo(100) }))));
    await setRetentionPolicies({ actor: other, input: { evaluation_runs: 30, audit_log: null, failed_documents: null } });
    // Reads false for applyRetention's check and the first batch, then reports a shutdown.
    let reads = 0;
    const signal = { get aborted() { return ++reads > 2; } } as AbortSignal;
    const [outcome] = await applyRetention({ tenantId: other.tenantId, now: NOW, batchSize: 2, signal });
    expect(outcome).toMatchObject({ resource: "evaluation_runs", removed: 2 });
    expect((await purgeEntries(other.tenantId)).map((e) => e.details)).toEqual([{ removed: 2, retainDays: 30, cutoff: daysAgo(30).toISOString(), complete: false }]);
    expect((await previewRetention({ actor: other, now: NOW }))[0]!.rows).toBe(3);
  });
});
