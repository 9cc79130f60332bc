import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { documents, evaluationRuns, evaluationSetResults, searchResultFeedback, evaluationSets, tenants, users, type Feedback, type SearchMode } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { resolveRange, type DashboardRange } from "./dashboard-range";
import { getEvaluationTrend, getQueryMetrics, getQueryTables, type SeriesPoint } from "./query-metrics";

// Fixed document ids so ties in the "bad documents" table (ordered by id) have a known order.
const DOC_A = "0a000000-0000-4000-8000-000000000000";
const DOC_B = "0b000000-0000-4000-8000-000000000000";
const GHOST = "0c000000-0000-4000-8000-000000000000"; // inserted, then deleted
const OTHER_DOC = "0d000000-0000-4000-8000-000000000000"; // belongs to the other tenant
const FILLER_DOC = "0e000000-0000-4000-8000-000000000000"; // only fills `sources` to set result_count

interface RunSpec {
  at: string;
  latency: number;
  quality?: number | null;
  feedback?: Feedback | null;
  /** A number: that many filler sources (result_count); an array: those documents, ranked in order. */
  sources?: number | string[];
  mode?: SearchMode;
  query?: string;
  comment?: string;
  userId?: string;
}

/** "2024-04-09T12:00:00.000Z" -> "2024-04-09T12:00:00Z", the service's bucket label format. */
const label = (d: Date) => d.toISOString().replace(".000Z", "Z");
const range = (params: Record<string, string>, now = "2024-04-10T12:30:00Z"): DashboardRange => {
  const { range: r, problem } = resolveRange(params, new Date(now));
  expect(problem).toBeNull();
  return r;
};
const empty = (t: string): SeriesPoint => ({ t, queries: 0, p50: null, p95: null, p99: null, thumbsUp: 0, thumbsDown: 0, zeroResults: 0 });
/** Every bucket start from `first`, `count` of them, `stepMs` apart, as empty points. */
const emptySeries = (first: string, count: number, stepMs: number) =>
  Array.from({ length: count }, (_, i) => empty(label(new Date(new Date(first).getTime() + i * stepMs))));
const HOUR = 3_600_000;
const DAY = 86_400_000;
const close = (n: number) => expect.closeTo(n, 9);

describe("query metrics", () => {
  let handle: DatabaseHandle;
  let kpi: Actor;
  let hourly: Actor;
  let tables: Actor;
  let other: Actor;
  const run: Record<string, string> = {};

  async function addRun(actor: Actor, name: string, spec: RunSpec) {
    const sources =
      typeof spec.sources === "number"
        ? Array.from({ length: spec.sources }, (_, i) => ({ documentId: FILLER_DOC, rank: i + 1, score: 0.5 }))
        : (spec.sources ?? []).map((documentId, i) => ({ documentId, rank: i + 1, score: 0.5 }));
    const [row] = await withSystem("test", (tx) =>
      tx
        .insert(evaluationRuns)
        .values({
          tenantId: actor.tenantId,
          userId: spec.userId ?? actor.userId,
          query: spec.query ?? name,
          mode: spec.mode ?? "hybrid",
          sources,
          latencyMs: spec.latency,
          qualityScore: spec.quality ?? null,
          userFeedback: spec.feedback ?? null,
          metadata: spec.comment ? { comment: spec.comment } : {},
          createdAt: new Date(spec.at),
        })
        .returning({ id: evaluationRuns.id }),
    );
    run[name] = row!.id;
    // A rating here is of the whole list, as migration 0019 keeps the ratings given before per-result feedback.
    if (spec.feedback) {
      await withSystem("test", (tx) =>
        tx.insert(searchResultFeedback).values({ tenantId: actor.tenantId, runId: row!.id, rating: spec.feedback!, runCreatedAt: new Date(spec.at), mode: spec.mode ?? "hybrid" }),
      );
    }
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "metrics@example.test" }).returning();
    const made = await handle.db
      .insert(tenants)
      .values([
        { name: "Kpi", slug: "kpi" },
        { name: "Hourly", slug: "hourly" },
        { name: "Tables", slug: "tables" },
        { name: "Other", slug: "other" },
      ])
      .returning();
    [kpi, hourly, tables, other] = made.map((t): Actor => ({ tenantId: t.id, role: "owner", userId: user!.id })) as [Actor, Actor, Actor, Actor];

    // ---- KPI tenant: current window 1..7 March 2024 = [1 Mar, 8 Mar), previous [23 Feb, 1 Mar).
    await addRun(kpi, "R1", { at: "2024-03-01T00:00:00Z", latency: 10, quality: 0.2, feedback: "thumbs_up", sources: 2 }); // exactly at `from`: counts
    await addRun(kpi, "R2", { at: "2024-03-02T05:00:00Z", latency: 20, quality: null, feedback: "thumbs_down", sources: 0 });
    await addRun(kpi, "R3", { at: "2024-03-03T10:00:00Z", latency: 30, quality: 0.6, sources: 1 });
    await addRun(kpi, "R4", { at: "2024-03-07T23:59:59Z", latency: 40, quality: 0.7, feedback: "thumbs_up", sources: 0, mode: "semantic" });
    await addRun(kpi, "R5", { at: "2024-03-08T00:00:00Z", latency: 1000, quality: 0, feedback: "thumbs_down", sources: 0 }); // exactly at `to`: not counted
    await addRun(kpi, "P1", { at: "2024-02-23T00:00:00Z", latency: 100, quality: 0.9, feedback: "thumbs_up", sources: 1 }); // at previousFrom: counts
    await addRun(kpi, "P2", { at: "2024-02-28T12:00:00Z", latency: 200, quality: 0.5, sources: 1 });
    await addRun(kpi, "P3", { at: "2024-02-22T23:59:59Z", latency: 5000, quality: 0, feedback: "thumbs_down", sources: 0 }); // before previousFrom
    await addRun(other, "X1", { at: "2024-03-05T00:00:00Z", latency: 500, quality: 0, feedback: "thumbs_down", sources: 0 });

    // ---- Hourly tenant: 24 h ending 10 Apr 12:30 = [9 Apr 12:30, 10 Apr 12:30).
    await addRun(hourly, "H0", { at: "2024-04-09T12:10:00Z", latency: 999, quality: 0.0, sources: 1 }); // before the 24 h window, inside 7 d
    await addRun(hourly, "H1", { at: "2024-04-09T12:30:00Z", latency: 7, quality: 0.099, sources: 1 }); // at `from`
    await addRun(hourly, "H2", { at: "2024-04-10T03:00:00Z", latency: 30, quality: 0.1, feedback: "thumbs_up", sources: 1 });
    await addRun(hourly, "H3", { at: "2024-04-10T03:10:00Z", latency: 50, quality: 0.5, feedback: "thumbs_down", sources: 0 });
    await addRun(hourly, "H4", { at: "2024-04-10T03:20:00Z", latency: 10, quality: 0.9, feedback: "thumbs_up", sources: 2 });
    await addRun(hourly, "H5", { at: "2024-04-10T03:40:00Z", latency: 40, quality: 0.99, sources: 1 });
    await addRun(hourly, "H6", { at: "2024-04-10T03:59:59.999Z", latency: 20, quality: 1.0, sources: 1 });
    await addRun(hourly, "H7", { at: "2024-04-10T12:29:59Z", latency: 5, quality: null, sources: 1 });
    await addRun(hourly, "H8", { at: "2024-04-10T12:30:00Z", latency: 999, quality: 0.3, sources: 1 }); // at `to`
    await addRun(other, "X2", { at: "2024-04-10T03:30:00Z", latency: 1, quality: 0.05, feedback: "thumbs_down", sources: 0 });

    // ---- Tables tenant: 1 May 2024 = [1 May, 2 May).
    await withSystem("test", async (tx) => {
      const doc = (id: string, tenantId: string, filename: string) => ({ id, tenantId, filename, mimeType: "text/plain", fileSize: 1, sha256: id.replace(/-/g, "").padEnd(64, "0"), storageKey: `k/${id}` });
      await tx.insert(documents).values([doc(DOC_A, tables.tenantId, "alpha.pdf"), doc(DOC_B, tables.tenantId, "beta.txt"), doc(GHOST, tables.tenantId, "ghost.md"), doc(OTHER_DOC, other.tenantId, "secret.docx")]);
      await tx.delete(documents).where(eq(documents.id, GHOST));
    });
    await addRun(tables, "T0", { query: "holiday", at: "2024-05-01T00:30:00Z", latency: 10, quality: 0.7, sources: [] });
    await addRun(tables, "T1", { query: "reset password", at: "2024-05-01T01:00:00Z", latency: 11, quality: 0.8, feedback: "thumbs_up", sources: [DOC_A] });
    await addRun(tables, "T2", { query: "reset password", at: "2024-05-01T02:00:00Z", latency: 12, quality: 0.3, feedback: "thumbs_down", sources: [DOC_A, DOC_B, DOC_A] });
    await addRun(tables, "T3", { query: "reset password", at: "2024-05-01T03:00:00Z", latency: 13, quality: null, sources: [] });
    await addRun(tables, "T4", { query: "travel policy", at: "2024-05-01T04:00:00Z", latency: 14, quality: 0.1, feedback: "thumbs_down", sources: [DOC_A, GHOST], comment: "useless" });
    await addRun(tables, "T5", { query: "travel policy", at: "2024-05-01T05:00:00Z", latency: 15, quality: null, feedback: "thumbs_down", sources: [] });
    await addRun(tables, "T6", { query: "vpn", at: "2024-05-01T06:00:00Z", latency: 16, quality: 0.5, feedback: "thumbs_down", sources: [DOC_B, DOC_A, OTHER_DOC], mode: "semantic" });
    await addRun(tables, "T7", { query: "holiday", at: "2024-05-01T07:00:00Z", latency: 17, quality: 0.9, sources: [] });
    await addRun(tables, "T8", { query: "vpn", at: "2024-05-02T00:00:00Z", latency: 18, quality: 0, feedback: "thumbs_down", sources: [DOC_A] }); // at `to`
    await addRun(tables, "T9", { query: "zzz", at: "2024-04-30T23:59:59Z", latency: 19, quality: 0, feedback: "thumbs_down", sources: [DOC_B] }); // before `from`
    await addRun(other, "X3", { query: "reset password", at: "2024-05-01T08:00:00Z", latency: 20, quality: 0, feedback: "thumbs_down", sources: [DOC_A, OTHER_DOC] });

    await withSystem("test", async (tx) => {
      const [golden, foreign] = await tx
        .insert(evaluationSets)
        .values([
          { tenantId: tables.tenantId, name: "Golden" },
          { tenantId: other.tenantId, name: "Foreign" },
        ])
        .returning();
      const result = (set: typeof golden, mode: SearchMode, at: string, recall: number, mrr: number, ndcg: number) => ({
        tenantId: set!.tenantId,
        setId: set!.id,
        mode,
        k: 10,
        recallAtK: recall,
        mrr,
        ndcgAt10: ndcg,
        queryCount: 3,
        embeddingModel: "test-model",
        createdAt: new Date(at),
      });
      await tx.insert(evaluationSetResults).values([
        result(golden, "hybrid", "2024-05-01T10:00:00Z", 0.8, 0.5, 0.6),
        result(golden, "semantic", "2024-05-01T09:00:00Z", 0.7, 0.4, 0.5),
        result(golden, "fulltext", "2024-05-01T00:00:00Z", 0.6, 0.3, 0.4), // at `from`
        result(golden, "hybrid", "2024-05-02T00:00:00Z", 0.1, 0.1, 0.1), // at `to`
        result(golden, "hybrid", "2024-04-30T12:00:00Z", 0.2, 0.2, 0.2), // before
        result(foreign, "hybrid", "2024-05-01T11:00:00Z", 0.9, 0.9, 0.9), // another tenant
      ]);
    });
  });

  afterAll(() => handle?.close());

  describe("KPIs", () => {
    const march = () => range({ range: "custom", from: "2024-03-01", to: "2024-03-07" });

    it("computes the current window's figures, counting a run at `from` and not one at `to`", async () => {
      const { current } = await getQueryMetrics({ actor: kpi, range: march() });
      // R1..R4 (R5 sits exactly at `to`). Latencies 10, 20, 30, 40:
      //   p50 = 20 + 0.5 * (30 - 20) = 25; p95 at position 0.95 * 3 = 2.85 -> 30 + 0.85 * 10 = 38.5.
      // Quality 0.2, null, 0.6, 0.7 -> (0.2 + 0.6 + 0.7) / 3 = 0.5 (null ignored).
      // Feedback up, down, none, up -> rated 3, up 2 -> 2/3. Zero results: R2, R4 -> 2/4.
      expect(current).toEqual({ queries: 4, p50: close(25), p95: close(38.5), meanQuality: close(0.5), thumbsUpRate: close(2 / 3), zeroResultRate: 0.5 });
    });

    it("computes the previous window of the same length", async () => {
      const { previous } = await getQueryMetrics({ actor: kpi, range: march() });
      // [23 Feb, 1 Mar): P1 (at previousFrom) and P2; P3 is one second earlier. Latencies 100, 200:
      //   p50 = 150; p95 = 100 + 0.95 * 100 = 195. Quality (0.9 + 0.5) / 2 = 0.7. Rated 1, up 1 -> 1. No zero results.
      expect(previous).toEqual({ queries: 2, p50: close(150), p95: close(195), meanQuality: close(0.7), thumbsUpRate: 1, zeroResultRate: 0 });
    });

    it("filters every figure by mode, and gives nulls for an empty window", async () => {
      const semantic = await getQueryMetrics({ actor: kpi, range: { ...march(), mode: "semantic" } });
      // Only R4: latency 40, quality 0.7, thumbs up, zero results.
      expect(semantic.current).toEqual({ queries: 1, p50: 40, p95: 40, meanQuality: close(0.7), thumbsUpRate: 1, zeroResultRate: 1 });
      // No semantic run before 1 March: nothing to average, nothing rated.
      expect(semantic.previous).toEqual({ queries: 0, p50: null, p95: null, meanQuality: null, thumbsUpRate: null, zeroResultRate: null });
      expect(semantic.byMode).toEqual([{ mode: "semantic", queries: 1, p50: 40, p95: 40 }]);

      const hybrid = await getQueryMetrics({ actor: kpi, range: { ...march(), mode: "hybrid" } });
      // R1, R2, R3: latencies 10, 20, 30 -> p50 20; p95 at 0.95 * 2 = 1.9 -> 20 + 0.9 * 10 = 29.
      // Quality 0.2, 0.6 -> 0.4. Rated: up R1, down R2 -> 1/2. Zero: R2 -> 1/3.
      expect(hybrid.current).toEqual({ queries: 3, p50: close(20), p95: close(29), meanQuality: close(0.4), thumbsUpRate: 0.5, zeroResultRate: close(1 / 3) });
      // Previous hybrid runs are P1, P2: the same as without the filter.
      expect(hybrid.previous).toMatchObject({ queries: 2, p50: close(150) });
    });

    it("breaks the window down by mode", async () => {
      const { byMode } = await getQueryMetrics({ actor: kpi, range: march() });
      // hybrid: R1, R2, R3 (10, 20, 30 -> p50 20, p95 29); semantic: R4 (40).
      expect(byMode).toEqual([
        { mode: "hybrid", queries: 3, p50: close(20), p95: close(29) },
        { mode: "semantic", queries: 1, p50: 40, p95: 40 },
      ]);
    });

    it("gives the quality distribution of the window in tenths", async () => {
      const { qualityDistribution } = await getQueryMetrics({ actor: kpi, range: march() });
      // 0.2 -> 2, 0.6 -> 6, 0.7 -> 7; R2's null quality is not a run of any bucket; R5 (0.0) is at `to`.
      const expected = Array.from({ length: 10 }, (_, bucket) => ({ bucket, runs: [2, 6, 7].includes(bucket) ? 1 : 0 }));
      expect(qualityDistribution).toEqual(expected);
    });

    it("never counts another tenant's runs", async () => {
      const { current, previous, byMode } = await getQueryMetrics({ actor: other, range: march() });
      // The other tenant has one run in this window (X1): latency 500, quality 0, thumbs down, no results.
      expect(current).toEqual({ queries: 1, p50: 500, p95: 500, meanQuality: 0, thumbsUpRate: 0, zeroResultRate: 1 });
      expect(previous.queries).toBe(0);
      expect(byMode).toEqual([{ mode: "hybrid", queries: 1, p50: 500, p95: 500 }]);
    });
  });

  describe("time series", () => {
    it("buckets a 24 h window by hour, with empty hours as zeros and per-hour percentiles", async () => {
      const r = range({ range: "24h" }); // [9 Apr 12:30, 10 Apr 12:30)
      const { series, current, previous } = await getQueryMetrics({ actor: hourly, range: r });
      // The window touches 25 whole hours: 9 Apr 12:00 (partly) .. 10 Apr 12:00 (partly).
      const expected = emptySeries("2024-04-09T12:00:00Z", 25, HOUR);
      // 12:00 on 9 Apr: only H1 (12:30, at `from`); H0 at 12:10 is before the window.
      expected[0] = { ...expected[0]!, queries: 1, p50: 7, p95: 7, p99: 7 };
      // 03:00 on 10 Apr (index 15): H2..H6, latencies 30, 50, 10, 40, 20 -> sorted 10, 20, 30, 40, 50:
      //   p50 = 30; p95 at 0.95 * 4 = 3.8 -> 40 + 0.8 * 10 = 48; p99 at 3.96 -> 40 + 0.96 * 10 = 49.6.
      //   Up: H2, H4; down: H3; zero results: H3.
      expected[15] = { t: "2024-04-10T03:00:00Z", queries: 5, p50: close(30), p95: close(48), p99: close(49.6), thumbsUp: 2, thumbsDown: 1, zeroResults: 1 };
      // 12:00 on 10 Apr: H7 (12:29:59); H8 is exactly at `to`.
      expected[24] = { ...expected[24]!, queries: 1, p50: 5, p95: 5, p99: 5 };
      expect(series).toEqual(expected);
      // Overall: 5, 7, 10, 20, 30, 40, 50 -> p50 = 20; p95 at 0.95 * 6 = 5.7 -> 40 + 0.7 * 10 = 47.
      expect(current).toMatchObject({ queries: 7, p50: close(20), p95: close(47), zeroResultRate: close(1 / 7), thumbsUpRate: close(2 / 3) });
      // Previous 24 h [8 Apr 12:30, 9 Apr 12:30): H0 only.
      expect(previous).toMatchObject({ queries: 1, p50: 999, p95: 999, meanQuality: 0 });
    });

    it("buckets a 7 d window by day, one bucket per day it touches", async () => {
      const r = range({ range: "7d" }); // [3 Apr 12:30, 10 Apr 12:30)
      const { series } = await getQueryMetrics({ actor: hourly, range: r });
      const expected = emptySeries("2024-04-03T00:00:00Z", 8, DAY);
      // 9 Apr: H0, H1 (999, 7) -> p50 = 7 + 0.5 * 992 = 503; p95 = 7 + 0.95 * 992 = 949.4; p99 = 7 + 0.99 * 992 = 989.08.
      expected[6] = { ...expected[6]!, queries: 2, p50: close(503), p95: close(949.4), p99: close(989.08) };
      // 10 Apr: H2..H7 -> 5, 10, 20, 30, 40, 50: p50 at 2.5 -> 25; p95 at 4.75 -> 47.5; p99 at 4.95 -> 49.5.
      expected[7] = { t: "2024-04-10T00:00:00Z", queries: 6, p50: close(25), p95: close(47.5), p99: close(49.5), thumbsUp: 2, thumbsDown: 1, zeroResults: 1 };
      expect(series).toEqual(expected);
    });

    it("buckets a 30 d window by day", async () => {
      const r = range({ range: "30d" }); // [11 Mar 12:30, 10 Apr 12:30)
      const { series } = await getQueryMetrics({ actor: hourly, range: r });
      // 11 Mar .. 10 Apr = 21 + 10 = 31 days touched; the eight runs H0..H7 sit on the last two.
      expect(series.map((p) => p.t)).toEqual(emptySeries("2024-03-11T00:00:00Z", 31, DAY).map((p) => p.t));
      expect(series.slice(0, 29).every((p) => p.queries === 0 && p.p50 === null && p.p95 === null && p.p99 === null)).toBe(true);
      expect(series.slice(29).map((p) => p.queries)).toEqual([2, 6]);
    });

    it("has no bucket at or after `to` when the window ends on a bucket boundary (24 h ending on the hour)", async () => {
      const r = range({ range: "24h" }, "2024-04-10T12:00:00Z"); // [9 Apr 12:00, 10 Apr 12:00)
      const { series } = await getQueryMetrics({ actor: hourly, range: r });
      // Exactly 24 hours: 9 Apr 12:00 .. 10 Apr 11:00. A bucket starting at 10 Apr 12:00 would lie wholly outside.
      const expected = emptySeries("2024-04-09T12:00:00Z", 24, HOUR);
      // 9 Apr 12:00: H0 and H1 (999, 7) -> p50 503, p95 949.4, p99 989.08.
      expected[0] = { ...expected[0]!, queries: 2, p50: close(503), p95: close(949.4), p99: close(989.08) };
      expected[15] = { t: "2024-04-10T03:00:00Z", queries: 5, p50: close(30), p95: close(48), p99: close(49.6), thumbsUp: 2, thumbsDown: 1, zeroResults: 1 };
      expect(series).toEqual(expected);
    });

    it("has exactly one bucket per day of a custom range, none for the day after it", async () => {
      const r = range({ range: "custom", from: "2024-03-01", to: "2024-03-07" }); // [1 Mar, 8 Mar)
      const { series } = await getQueryMetrics({ actor: kpi, range: r });
      // Seven days, 1..7 March; 8 March 00:00 is `to` itself, so no bucket may start there.
      expect(series.map((p) => p.t)).toEqual(emptySeries("2024-03-01T00:00:00Z", 7, DAY).map((p) => p.t));
    });

    it("fills the days of a custom range, and follows the mode filter", async () => {
      const r = range({ range: "custom", from: "2024-03-01", to: "2024-03-07" }); // [1 Mar, 8 Mar)
      const inRange = (points: SeriesPoint[]) => points.filter((p) => new Date(p.t) < r.to);
      const { series } = await getQueryMetrics({ actor: kpi, range: r });
      const expected = emptySeries("2024-03-01T00:00:00Z", 7, DAY);
      expected[0] = { ...expected[0]!, queries: 1, p50: 10, p95: 10, p99: 10, thumbsUp: 1 }; // R1
      expected[1] = { ...expected[1]!, queries: 1, p50: 20, p95: 20, p99: 20, thumbsDown: 1, zeroResults: 1 }; // R2
      expected[2] = { ...expected[2]!, queries: 1, p50: 30, p95: 30, p99: 30 }; // R3
      expected[6] = { ...expected[6]!, queries: 1, p50: 40, p95: 40, p99: 40, thumbsUp: 1, zeroResults: 1 }; // R4 (semantic)
      // R5 (exactly at `to`, 8 March) is in no bucket.
      expect(series.reduce((n, p) => n + p.queries, 0)).toBe(4);
      expect(inRange(series)).toEqual(expected);

      const semantic = await getQueryMetrics({ actor: kpi, range: { ...r, mode: "semantic" } });
      const onlyR4 = emptySeries("2024-03-01T00:00:00Z", 7, DAY);
      onlyR4[6] = expected[6]!;
      expect(inRange(semantic.series)).toEqual(onlyR4);
    });

    it("puts each tenant's runs in its own series", async () => {
      const r = range({ range: "24h" });
      const { series } = await getQueryMetrics({ actor: other, range: r });
      // The other tenant's X2 (03:30, latency 1, thumbs down, no results) alone, in the 03:00 bucket.
      expect(series.filter((p) => p.queries > 0)).toEqual([{ t: "2024-04-10T03:00:00Z", queries: 1, p50: 1, p95: 1, p99: 1, thumbsUp: 0, thumbsDown: 1, zeroResults: 1 }]);
    });
  });

  describe("quality distribution", () => {
    it("puts 0.0 in bucket 0, 0.1 in bucket 1 and 1.0 in bucket 9, ignoring null quality", async () => {
      const { qualityDistribution, current } = await getQueryMetrics({ actor: hourly, range: range({ range: "7d" }) });
      // H0 0.0 -> 0, H1 0.099 -> 0, H2 0.1 -> 1, H3 0.5 -> 5, H4 0.9 -> 9, H5 0.99 -> 9, H6 1.0 -> 9 (capped);
      // H7 has no quality; H8 (0.3) is at `to`.
      const runs = [2, 1, 0, 0, 0, 1, 0, 0, 0, 3];
      expect(qualityDistribution).toEqual(runs.map((n, bucket) => ({ bucket, runs: n })));
      // Mean: (0 + 0.099 + 0.1 + 0.5 + 0.9 + 0.99 + 1.0) / 7 = 3.589 / 7.
      expect(current.meanQuality).toBeCloseTo(3.589 / 7, 9);
    });
  });

  describe("tables", () => {
    const may1 = () => range({ range: "custom", from: "2024-05-01", to: "2024-05-01" }); // [1 May, 2 May)

    it("lists top queries by runs, then by query, with the newest run of each", async () => {
      const { topQueries } = await getQueryTables({ actor: tables, range: may1() });
      // T8 (at `to`) and T9 (before `from`) are out; the other tenant's "reset password" (X3) is not counted.
      expect(topQueries).toEqual([
        // T1, T2, T3: quality (0.8 + 0.3) / 2 = 0.55 (T3 null); one thumbs down (T2); newest T3.
        { query: "reset password", runs: 3, meanQuality: close(0.55), thumbsDown: 1, latestRunId: run.T3 },
        // T0, T7: (0.7 + 0.9) / 2 = 0.8; newest T7. Ties with "travel policy" at 2 runs: alphabetical.
        { query: "holiday", runs: 2, meanQuality: close(0.8), thumbsDown: 0, latestRunId: run.T7 },
        // T4, T5: 0.1 (T5 null); both thumbs down; newest T5.
        { query: "travel policy", runs: 2, meanQuality: close(0.1), thumbsDown: 2, latestRunId: run.T5 },
        { query: "vpn", runs: 1, meanQuality: close(0.5), thumbsDown: 1, latestRunId: run.T6 },
      ]);
    });

    it("lists zero-result queries counting only their zero-result runs", async () => {
      const { zeroResultQueries } = await getQueryTables({ actor: tables, range: may1() });
      expect(zeroResultQueries).toEqual([
        { query: "holiday", runs: 2, meanQuality: close(0.8), thumbsDown: 0, latestRunId: run.T7 }, // T0, T7
        { query: "reset password", runs: 1, meanQuality: null, thumbsDown: 0, latestRunId: run.T3 }, // T3 only
        { query: "travel policy", runs: 1, meanQuality: null, thumbsDown: 1, latestRunId: run.T5 }, // T5 only
      ]);
    });

    it("lists thumbs-down runs worst quality first, unscored before scored", async () => {
      const { worstRated } = await getQueryTables({ actor: tables, range: may1() });
      // Thumbs down in the window: T2 (0.3), T4 (0.1), T5 (null), T6 (0.5) -> T5, T4, T2, T6.
      expect(worstRated.map((r) => r.id)).toEqual([run.T5, run.T4, run.T2, run.T6]);
      expect(worstRated[1]).toEqual({ id: run.T4, query: "travel policy", mode: "hybrid", qualityScore: 0.1, latencyMs: 14, comment: "useless", createdAt: "2024-05-01T04:00:00Z" });
      expect(worstRated[0]).toMatchObject({ qualityScore: null, comment: null, createdAt: "2024-05-01T05:00:00Z" });
      expect(worstRated[3]).toMatchObject({ query: "vpn", mode: "semantic", qualityScore: 0.5, latencyMs: 16 });
    });

    it("counts each thumbs-down run once per document, with the filename when the document is still the tenant's", async () => {
      const { badDocuments } = await getQueryTables({ actor: tables, range: may1() });
      // Thumbs-down runs: T2 [A, B, A], T4 [A, ghost], T5 [], T6 [B, A, other tenant's doc].
      //   A: T2 (twice in T2, counted once), T4, T6 -> 3 runs, newest T6.
      //   B: T2, T6 -> 2 runs, newest T6.
      //   ghost (deleted): T4 -> 1; other tenant's document: T6 -> 1; equal runs order by id (0c < 0d).
      expect(badDocuments).toEqual([
        { documentId: DOC_A, filename: "alpha.pdf", runs: 3, latestRunId: run.T6 },
        { documentId: DOC_B, filename: "beta.txt", runs: 2, latestRunId: run.T6 },
        { documentId: GHOST, filename: null, runs: 1, latestRunId: run.T4 },
        { documentId: OTHER_DOC, filename: null, runs: 1, latestRunId: run.T6 },
      ]);
    });

    it("filters every table by mode", async () => {
      const tablesOf = await getQueryTables({ actor: tables, range: { ...may1(), mode: "semantic" } });
      // Only T6 is semantic.
      expect(tablesOf.topQueries).toEqual([{ query: "vpn", runs: 1, meanQuality: close(0.5), thumbsDown: 1, latestRunId: run.T6 }]);
      expect(tablesOf.zeroResultQueries).toEqual([]);
      expect(tablesOf.worstRated.map((r) => r.id)).toEqual([run.T6]);
      expect(tablesOf.badDocuments).toEqual([
        { documentId: DOC_A, filename: "alpha.pdf", runs: 1, latestRunId: run.T6 },
        { documentId: DOC_B, filename: "beta.txt", runs: 1, latestRunId: run.T6 },
        { documentId: OTHER_DOC, filename: null, runs: 1, latestRunId: run.T6 },
      ]);
    });

    it("shows another tenant only its own runs, and not this tenant's filenames", async () => {
      const t = await getQueryTables({ actor: other, range: may1() });
      // X3: "reset password", thumbs down, quality 0, sources [A (tables tenant's), other doc (its own)].
      expect(t.topQueries).toEqual([{ query: "reset password", runs: 1, meanQuality: 0, thumbsDown: 1, latestRunId: run.X3 }]);
      expect(t.zeroResultQueries).toEqual([]);
      expect(t.worstRated.map((r) => r.id)).toEqual([run.X3]);
      expect(t.badDocuments).toEqual([
        { documentId: DOC_A, filename: null, runs: 1, latestRunId: run.X3 },
        { documentId: OTHER_DOC, filename: "secret.docx", runs: 1, latestRunId: run.X3 },
      ]);
    });
  });

  describe("evaluation trend", () => {
    const may1 = () => range({ range: "custom", from: "2024-05-01", to: "2024-05-01" });

    it("lists the tenant's evaluation-set results in the window, oldest first", async () => {
      const rows = await getEvaluationTrend({ actor: tables, range: may1() });
      // At `from` counts; at `to`, before the window and the other tenant's result do not.
      expect(rows).toEqual([
        { t: "2024-05-01T00:00:00Z", setName: "Golden", mode: "fulltext", recall: 0.6, mrr: 0.3, ndcg: 0.4 },
        { t: "2024-05-01T09:00:00Z", setName: "Golden", mode: "semantic", recall: 0.7, mrr: 0.4, ndcg: 0.5 },
        { t: "2024-05-01T10:00:00Z", setName: "Golden", mode: "hybrid", recall: 0.8, mrr: 0.5, ndcg: 0.6 },
      ]);
    });

    it("filters by mode and keeps tenants apart", async () => {
      expect(await getEvaluationTrend({ actor: tables, range: { ...may1(), mode: "hybrid" } })).toEqual([
        { t: "2024-05-01T10:00:00Z", setName: "Golden", mode: "hybrid", recall: 0.8, mrr: 0.5, ndcg: 0.6 },
      ]);
      expect(await getEvaluationTrend({ actor: other, range: may1() })).toEqual([
        { t: "2024-05-01T11:00:00Z", setName: "Foreign", mode: "hybrid", recall: 0.9, mrr: 0.9, ndcg: 0.9 },
      ]);
      expect(await getEvaluationTrend({ actor: kpi, range: may1() })).toEqual([]);
    });
  });
});
