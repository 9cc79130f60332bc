import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { apiKeys, documents, evaluationSets, invitations, memberships, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { auditFilterSchema, listAuditEntries, listGlobalAuditEntries } from "./audit-log";
import { nameTargets, recordedTargetName, type AuditTargetRow } from "./audit-targets";
import { recordAudit, type AuditEvent } from "./record-audit";

const filter = (input: Record<string, unknown> = {}) => auditFilterSchema.parse(input);
const row = (fields: Partial<AuditTargetRow>): AuditTargetRow => ({ targetType: null, targetId: null, actorUserId: null, actorEmail: null, details: {}, ...fields });

describe("audit targets by name", () => {
  let handle: DatabaseHandle;
  let alpha: Actor;
  const ids: Record<string, string> = {};
  let outsiderEmail = "";

  beforeAll(async () => {
    handle = await createTestDatabase();
    const { db } = handle;
    const slug = `names-${Date.now().toString(36)}`;
    const [a, b] = await db.insert(tenants).values([{ name: "Names Alpha", slug: `${slug}-a` }, { name: "Names Beta", slug: `${slug}-b` }]).returning();
    const [member, outsider] = await db.insert(users).values([{ email: `member-${slug}@alpha.test` }, { email: `outsider-${slug}@beta.test` }]).returning();
    await db.insert(memberships).values([{ userId: member!.id, tenantId: a!.id, role: "admin" }, { userId: outsider!.id, tenantId: b!.id, role: "viewer" }]);
    const [doc] = await db.insert(documents).values({ tenantId: a!.id, filename: "handbook.pdf", mimeType: "application/pdf", fileSize: 1, sha256: slug, storageKey: slug }).returning();
    const [key] = await db.insert(apiKeys).values({ tenantId: a!.id, name: "Nightly import", prefix: "tkc_x", keyHash: slug }).returning();
    const [invite] = await db.insert(invitations).values({ tenantId: a!.id, email: "new@alpha.test", role: "member", tokenHash: slug, expiresAt: new Date(Date.now() + 86_400_000) }).returning();
    const [correction] = await db.insert(tenantCorrections).values({ tenantId: a!.id, originalText: "Jon Smyth", originalKey: "jon smyth", correctedText: "John Smith", confidence: 0.9 }).returning();
    const [entry] = await db.insert(tenantContext).values({ tenantId: a!.id, entityText: "Ada Lovelace", entityType: "person" }).returning();
    const [set] = await db.insert(evaluationSets).values({ tenantId: a!.id, name: "Onboarding questions" }).returning();
    Object.assign(ids, { alpha: a!.id, beta: b!.id, member: member!.id, outsider: outsider!.id, doc: doc!.id, key: key!.id, invite: invite!.id, correction: correction!.id, entry: entry!.id, set: set!.id });
    outsiderEmail = outsider!.email;
    alpha = { tenantId: a!.id, role: "admin", userId: member!.id, email: member!.email };

    // Oldest first: entries that recorded no name, so only the lookup can name them...
    const events: AuditEvent[] = [
      { action: "document.reprocessed", targetType: "document", targetId: doc!.id, before: { status: "failed" }, after: { status: "pending" } },
      { action: "api_keys.used", targetType: "api_key", targetId: key!.id },
      { action: "invitation.resent", targetType: "invitation", targetId: invite!.id, after: { expiresAt: "soon" } },
      { action: "correction.reported_success", targetType: "correction", targetId: correction!.id, before: { confidence: 0.8 } },
      { action: "glossary.touched", targetType: "glossary_entry", targetId: entry!.id },
      { action: "evaluation_set.run", targetType: "evaluation_set", targetId: set!.id, after: { hybrid: { mrr: 1 } } },
      { action: "member.touched", targetType: "user", targetId: member!.id },
      // ...a user of another workspace only, whom row level security hides from this one's log...
      { action: "member.touched", targetType: "user", targetId: outsider!.id },
      // ...and targets gone without a name kept, or with an id that names no row.
      { action: "document.deleted", targetType: "document", targetId: randomUUID(), before: { status: "completed" } },
      { action: "test.odd", targetType: "document", targetId: "not-a-uuid" },
      // The name an entry kept wins over the lookup, and survives the target's deletion.
      { action: "document.deleted", targetType: "document", targetId: randomUUID(), before: { filename: "old-notes.txt" } },
      { action: "member.role_changed", targetType: "user", targetId: randomUUID(), before: { role: "viewer" }, after: { role: "member" }, details: { email: "gone@alpha.test" } },
    ];
    for (const event of events) await withTenant(alpha, (tx) => recordAudit(tx, alpha, event));
  });

  afterAll(() => handle?.close());

  it("reads a recorded name from after, before or the details", () => {
    expect(recordedTargetName(row({ targetType: "document", details: { after: { filename: "a.pdf" }, before: { filename: "b.pdf" } } }))).toBe("a.pdf");
    expect(recordedTargetName(row({ targetType: "document", details: { before: { filename: "b.pdf" }, after: null } }))).toBe("b.pdf");
    expect(recordedTargetName(row({ targetType: "user", details: { email: "x@y.test" } }))).toBe("x@y.test");
    expect(recordedTargetName(row({ targetType: "correction", details: { after: { originalText: "Jon", correctedText: "John" } } }))).toBe("“Jon” → “John”");
    expect(recordedTargetName(row({ targetType: "api_key", details: { before: { name: "CI", prefix: "tkc_1" } } }))).toBe("CI");
    // A sign-in names its user through the one acting.
    expect(recordedTargetName(row({ targetType: "user", targetId: "u1", actorUserId: "u1", actorEmail: "me@x.test" }))).toBe("me@x.test");
    expect(recordedTargetName(row({ targetType: "user", targetId: "u2", actorUserId: "u1", actorEmail: "me@x.test" }))).toBeNull();
    expect(recordedTargetName(row({ targetType: "transcript", details: { format: "srt" } }))).toBeNull();
  });

  it("names each target in the workspace's log, falling back to null when it is gone or hidden", async () => {
    const page = await listAuditEntries({ actor: alpha, filter: filter() });
    const names = page.entries.map((e) => [e.action, e.targetName]).reverse();
    expect(names).toEqual([
      ["document.reprocessed", "handbook.pdf"],
      ["api_keys.used", "Nightly import"],
      ["invitation.resent", "new@alpha.test"],
      ["correction.reported_success", "“Jon Smyth” → “John Smith”"],
      ["glossary.touched", "Ada Lovelace"],
      ["evaluation_set.run", "Onboarding questions"],
      ["member.touched", alpha.email],
      ["member.touched", null],
      ["document.deleted", null],
      ["test.odd", null],
      ["document.deleted", "old-notes.txt"],
      ["member.role_changed", "gone@alpha.test"],
    ]);
    // The id stays beside the name, for whoever needs the exact row.
    expect(page.entries.find((e) => e.action === "document.reprocessed")?.targetId).toBe(ids.doc);
  });

  it("names a user of another workspace in the superuser's global log", async () => {
    const page = await listGlobalAuditEntries({ filter: filter({ action: "member.touched" }) });
    expect(page.entries.map((e) => e.targetName).sort()).toEqual([alpha.email, outsiderEmail].sort());
  });

  it("looks names up with one query per kind of target, however many entries share it", async () => {
    const rows = [ids.doc, randomUUID(), randomUUID()].map((id) => row({ targetType: "document", targetId: id })).concat([
      row({ targetType: "api_key", targetId: ids.key }),
      row({ targetType: "api_key", targetId: randomUUID() }),
      row({ targetType: "document", targetId: randomUUID(), details: { before: { filename: "kept.txt" } } }),
      row({ targetType: "transcript" }),
    ]);
    const named = await withSystem("test: count the lookups", async (tx) => {
      let selects = 0;
      const counting = new Proxy(tx, {
        get(target, property, receiver) {
          if (property === "select") selects++;
          return Reflect.get(target, property, receiver);
        },
      });
      return { rows: await nameTargets(counting, rows), selects };
    });
    expect(named.selects).toBe(2);
    expect(named.rows.map((r) => r.targetName)).toEqual(["handbook.pdf", null, null, "Nightly import", null, "kept.txt", null]);
  });

  it("filters the global log by workspace and lists the workspaces to choose from", async () => {
    const beta: Actor = { tenantId: ids.beta!, role: "owner", userId: ids.outsider, email: "outsider@beta.test" };
    await withTenant(beta, (tx) => recordAudit(tx, beta, { action: "document.deleted", targetType: "document", targetId: randomUUID(), before: { filename: "beta-only.txt" } }));
    const all = await listGlobalAuditEntries({ filter: filter() });
    expect(all.workspaces).toEqual(expect.arrayContaining([{ slug: expect.stringMatching(/-a$/), name: "Names Alpha" }, { slug: expect.stringMatching(/-b$/), name: "Names Beta" }]));
    const betaSlug = all.workspaces.find((w) => w.name === "Names Beta")!.slug;
    const onlyBeta = await listGlobalAuditEntries({ filter: filter(), tenantSlug: betaSlug });
    expect(onlyBeta.entries.map((e) => [e.tenantSlug, e.targetName])).toEqual([[betaSlug, "beta-only.txt"]]);
    // "Load more" pages do not repeat the list.
    expect((await listGlobalAuditEntries({ filter: filter({ before: all.entries[0]!.id }) })).workspaces).toEqual([]);
  });
});
