import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { chunks, correctionHistory, documents, evaluationRuns, memberships, tenantCorrections, tenants, users, type CorrectionStatus, type DocumentStatus } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { resolveRange, type DashboardRange } from "./dashboard-range";
import { getUsageMetrics } from "./usage-metrics";

const range = (params: Record<string, string>, now = "2024-06-10T00:00:00Z"): DashboardRange => {
  const { range: r, problem } = resolveRange(params, new Date(now));
  expect(problem).toBeNull();
  return r;
};
/** 1..3 June 2024 = [1 Jun 00:00, 4 Jun 00:00). */
const june = () => range({ range: "custom", from: "2024-06-01", to: "2024-06-03" });

describe("usage metrics", () => {
  let handle: DatabaseHandle;
  let usage: Actor;
  let other: Actor;
  const correction: Record<string, string> = {};

  beforeAll(async () => {
    handle = await createTestDatabase();
    const people = await handle.db
      .insert(users)
      .values(["u1", "u2", "u3", "u4", "u5"].map((name) => ({ email: `${name}@example.test`, fullName: name })))
      .returning();
    const [u1, u2, u3, u4, u5] = people.map((u) => u.id) as [string, string, string, string, string];
    const [t1, t2] = await handle.db
      .insert(tenants)
      .values([
        { name: "Usage", slug: "usage" },
        { name: "Other", slug: "other" },
      ])
      .returning();
    usage = { tenantId: t1!.id, role: "owner", userId: u1 };
    other = { tenantId: t2!.id, role: "owner", userId: u5 };

    await withSystem("test", async (tx) => {
      // Members of "usage": u1..u4. u5 is a member of the other tenant only.
      await tx.insert(memberships).values([
        { userId: u1, tenantId: usage.tenantId, role: "owner" },
        { userId: u2, tenantId: usage.tenantId, role: "member" },
        { userId: u3, tenantId: usage.tenantId, role: "member" },
        { userId: u4, tenantId: usage.tenantId, role: "viewer" },
        { userId: u5, tenantId: other.tenantId, role: "owner" },
      ]);

      const doc = (tenantId: string, name: string, fileSize: number, status: DocumentStatus, at: string, userId: string | null) => ({
        tenantId,
        userId,
        filename: `${name}.txt`,
        mimeType: "text/plain",
        fileSize,
        sha256: name.padEnd(64, "0"),
        storageKey: `k/${tenantId}/${name}`,
        status,
        createdAt: new Date(at),
      });
      const docs = await tx
        .insert(documents)
        .values([
          doc(usage.tenantId, "d0", 1000, "completed", "2024-05-15T08:00:00Z", u4), // before the window
          doc(usage.tenantId, "d1", 200, "completed", "2024-06-01T00:00:00Z", u1), // at `from`
          doc(usage.tenantId, "d2", 300, "failed", "2024-06-01T18:00:00Z", u3),
          doc(usage.tenantId, "d3", 50, "pending", "2024-06-03T23:59:59Z", u1),
          doc(usage.tenantId, "d4", 4000, "processing", "2024-06-04T00:00:00Z", u1), // at `to`
          doc(other.tenantId, "x1", 77_777, "completed", "2024-06-02T00:00:00Z", u5),
        ])
        .returning();
      const [d0, d1, , , , x1] = docs;
      const chunk = (d: (typeof docs)[number], ordinal: number) => ({ documentId: d.id, tenantId: d.tenantId, ordinal, content: `chunk ${ordinal}`, tokenCount: 2 });
      await tx.insert(chunks).values([chunk(d0!, 0), chunk(d0!, 1), chunk(d0!, 2), chunk(d1!, 0), chunk(d1!, 1), ...[0, 1, 2, 3].map((i) => chunk(x1!, i))]);

      const searched = (tenantId: string, userId: string | null, at: string) => ({ tenantId, userId, query: "q", mode: "hybrid" as const, latencyMs: 1, createdAt: new Date(at) });
      await tx.insert(evaluationRuns).values([
        searched(usage.tenantId, u2, "2024-06-02T08:00:00Z"), // a member who only searched
        searched(usage.tenantId, u5, "2024-06-02T09:00:00Z"), // not a member of "usage"
        searched(usage.tenantId, null, "2024-06-02T10:00:00Z"), // an API key, no user
        searched(usage.tenantId, u4, "2024-05-20T00:00:00Z"), // before the window
        searched(usage.tenantId, u4, "2024-06-04T00:00:00Z"), // at `to`
        searched(other.tenantId, u5, "2024-06-02T00:00:00Z"),
      ]);

      const corr = (tenantId: string, originalText: string, correctedText: string, status: CorrectionStatus, reviewReason: string | null = null) => ({
        tenantId,
        originalText,
        originalKey: originalText.toLowerCase(),
        correctedText,
        confidence: 0.8,
        status,
        reviewReason,
      });
      const made = await tx
        .insert(tenantCorrections)
        .values([
          corr(usage.tenantId, "Opus Odima", "Hope Uzodinma", "approved"),
          corr(usage.tenantId, "Imo stayed", "Imo State", "approved", "3 of the latest 4 applications were reported wrong"), // flagged: pending
          corr(usage.tenantId, "Owery", "Owerri", "suggested"), // pending
          corr(usage.tenantId, "teh", "the", "rejected"),
          corr(usage.tenantId, "Orlou", "Orlu", "approved"),
          corr(other.tenantId, "foo", "Foo", "suggested"),
        ])
        .returning();
      for (const c of made) correction[`${c.tenantId === usage.tenantId ? "" : "x:"}${c.originalText}`] = c.id;

      const h = (key: string, occurrences: number, wasSuccessful: boolean | null, at: string) => {
        const c = made.find((m) => m.id === correction[key])!;
        return { tenantId: c.tenantId, correctionId: c.id, originalText: c.originalText, correctedText: c.correctedText, occurrences, wasSuccessful, appliedAt: new Date(at) };
      };
      await tx.insert(correctionHistory).values([
        h("Opus Odima", 3, true, "2024-06-01T10:00:00Z"),
        h("Opus Odima", 2, null, "2024-06-01T11:00:00Z"),
        h("Imo stayed", 1, false, "2024-06-01T12:00:00Z"),
        h("Opus Odima", 1, true, "2024-06-02T08:00:00Z"),
        h("teh", 5, null, "2024-06-02T09:00:00Z"),
        h("Imo stayed", 4, false, "2024-06-03T09:00:00Z"),
        h("Orlou", 0, true, "2024-06-03T10:00:00Z"), // an outcome report alone: no occurrences
        h("Opus Odima", 10, true, "2024-05-31T23:59:59Z"), // before the window
        h("Opus Odima", 10, false, "2024-06-04T00:00:00Z"), // at `to`
        h("x:foo", 100, true, "2024-06-02T00:00:00Z"), // the other tenant
      ]);
    });
  });

  afterAll(() => handle?.close());

  it("counts documents by status, chunks and stored bytes of the tenant, whatever the window", async () => {
    const m = await getUsageMetrics({ actor: usage, range: june() });
    // All five documents of "usage", sorted by status name: completed d0, d1; failed d2; pending d3; processing d4.
    expect(m.documentsByStatus).toEqual([
      { status: "completed", documents: 2 },
      { status: "failed", documents: 1 },
      { status: "pending", documents: 1 },
      { status: "processing", documents: 1 },
    ]);
    // d0: 3 chunks + d1: 2 chunks = 5 (the other tenant's 4 are not counted).
    expect(m.chunks).toBe(5);
    // 1000 + 200 + 300 + 50 + 4000 = 5550.
    expect(m.storedBytes).toBe(5550);
  });

  it("gives uploads per day and the stored total at each day's end, starting from what was there before", async () => {
    const m = await getUsageMetrics({ actor: usage, range: june() });
    // Before 1 June: d0 = 1000.
    //   1 Jun: d1 (200, at `from`) + d2 (300) = 2 uploads, 500 bytes -> 1500
    //   2 Jun: nothing -> 1500 (the other tenant's upload that day does not count)
    //   3 Jun: d3 (50, 23:59:59) -> 1550; d4 at `to` (4 Jun 00:00) is outside.
    expect(m.storage).toEqual([
      { day: "2024-06-01", uploads: 2, bytes: 500, totalBytes: 1500 },
      { day: "2024-06-02", uploads: 0, bytes: 0, totalBytes: 1500 },
      { day: "2024-06-03", uploads: 1, bytes: 50, totalBytes: 1550 },
    ]);
  });

  it("counts bytes uploaded earlier on the first day of a window that starts mid-day", async () => {
    // 24 h ending 2 Jun 12:00 = [1 Jun 12:00, 2 Jun 12:00): the days it touches are 1 and 2 June.
    const m = await getUsageMetrics({ actor: usage, range: range({ range: "24h" }, "2024-06-02T12:00:00Z") });
    // Before 1 Jun 12:00: d0 (1000) + d1 (200, at 00:00) = 1200. In the window: d2 (300) on 1 June -> 1500.
    expect(m.storage).toEqual([
      { day: "2024-06-01", uploads: 1, bytes: 300, totalBytes: 1500 },
      { day: "2024-06-02", uploads: 0, bytes: 0, totalBytes: 1500 },
    ]);
    // Active in the window: u3 (uploaded d2 at 18:00), u2 (searched 2 Jun 08:00). u1's d1 is before 12:00.
    expect(m.activeMembers).toBe(2);
  });

  it("counts members, and as active only members who searched or uploaded in the window", async () => {
    const m = await getUsageMetrics({ actor: usage, range: june() });
    // Members: u1, u2, u3, u4.
    expect(m.members).toBe(4);
    // u1 (uploaded d1, d3), u2 (searched only), u3 (uploaded d2) = 3.
    // Not: u4 (activity before the window and at `to` only), u5 (searched here but is not a member), the API key run.
    expect(m.activeMembers).toBe(3);
  });

  it("gives corrections applied per day, the success rate of reported outcomes, the top corrections and pending reviews", async () => {
    const { corrections } = await getUsageMetrics({ actor: usage, range: june() });
    // 1 Jun: occurrences 3 + 2 + 1 = 6; outcomes: true (Opus 3), false (Imo 1) -> 1 succeeded, 1 failed.
    // 2 Jun: occurrences 1 + 5 = 6; outcomes: true (Opus 1) -> 1 succeeded.
    // 3 Jun: occurrences 4 + 0 = 4; outcomes: false (Imo 4), true (Orlou report) -> 1 and 1.
    expect(corrections.perDay).toEqual([
      { day: "2024-06-01", applied: 6, succeeded: 1, failed: 1 },
      { day: "2024-06-02", applied: 6, succeeded: 1, failed: 0 },
      { day: "2024-06-03", applied: 4, succeeded: 1, failed: 1 },
    ]);
    // Reported: 3 succeeded, 2 failed -> 3 / 5 = 0.6.
    expect(corrections.successRate).toBeCloseTo(0.6, 12);
    // Opus Odima 3 + 2 + 1 = 6; Imo stayed 1 + 4 = 5; teh 5 (tie: "Imo stayed" before "teh"); Orlou 0 is left out.
    expect(corrections.top).toEqual([
      { id: correction["Opus Odima"], originalText: "Opus Odima", correctedText: "Hope Uzodinma", applied: 6 },
      { id: correction["Imo stayed"], originalText: "Imo stayed", correctedText: "Imo State", applied: 5 },
      { id: correction.teh, originalText: "teh", correctedText: "the", applied: 5 },
    ]);
    // Pending: "Owery" (suggested) and "Imo stayed" (approved, flagged for review); the other tenant's suggestion is not counted.
    expect(corrections.pendingReviews).toBe(2);
  });

  it("gives zeros and a null success rate for a window with no activity", async () => {
    const m = await getUsageMetrics({ actor: usage, range: range({ range: "custom", from: "2023-01-01", to: "2023-01-02" }) });
    expect(m.storage).toEqual([
      { day: "2023-01-01", uploads: 0, bytes: 0, totalBytes: 0 },
      { day: "2023-01-02", uploads: 0, bytes: 0, totalBytes: 0 },
    ]);
    expect(m.activeMembers).toBe(0);
    expect(m.members).toBe(4);
    expect(m.corrections).toEqual({
      perDay: [
        { day: "2023-01-01", applied: 0, succeeded: 0, failed: 0 },
        { day: "2023-01-02", applied: 0, succeeded: 0, failed: 0 },
      ],
      successRate: null,
      top: [],
      pendingReviews: 2,
    });
    // Totals are not limited to the window.
    expect(m.storedBytes).toBe(5550);
  });

  it("never counts another tenant's documents, members or corrections", async () => {
    const m = await getUsageMetrics({ actor: other, range: june() });
    expect(m.documentsByStatus).toEqual([{ status: "completed", documents: 1 }]);
    expect(m.chunks).toBe(4);
    expect(m.storedBytes).toBe(77_777);
    expect(m.storage).toEqual([
      { day: "2024-06-01", uploads: 0, bytes: 0, totalBytes: 0 },
      { day: "2024-06-02", uploads: 1, bytes: 77_777, totalBytes: 77_777 },
      { day: "2024-06-03", uploads: 0, bytes: 0, totalBytes: 77_777 },
    ]);
    // u5 is its only member and searched/uploaded there on 2 June.
    expect(m.members).toBe(1);
    expect(m.activeMembers).toBe(1);
    expect(m.corrections).toEqual({
      perDay: [
        { day: "2024-06-01", applied: 0, succeeded: 0, failed: 0 },
        { day: "2024-06-02", applied: 100, succeeded: 1, failed: 0 },
        { day: "2024-06-03", applied: 0, succeeded: 0, failed: 0 },
      ],
      successRate: 1,
      top: [{ id: correction["x:foo"], originalText: "foo", correctedText: "Foo", applied: 100 }],
      pendingReviews: 1,
    });
  });
});
