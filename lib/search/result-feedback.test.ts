import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, documents, evaluationRuns, searchResultFeedback, tenants, users } from "@/db/schema";
import { resolveRange } from "@/lib/metrics/dashboard-range";
import { getQueryMetrics, getQueryTables } from "@/lib/metrics/query-metrics";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { commentOnSearch, rateResult } from "./result-feedback";
import { getEvaluationRun } from "./search-service";

const CHUNK_1 = "1c000000-0000-4000-8000-000000000001";
const CHUNK_2 = "1c000000-0000-4000-8000-000000000002";
const CHUNK_3 = "1c000000-0000-4000-8000-000000000003";

describe("per-result feedback", () => {
  let handle: DatabaseHandle;
  let alpha: Actor;
  let beta: Actor;
  let docA: string;
  let docB: string;
  const at = new Date("2024-06-03T10:00:00Z");
  const june3 = () => resolveRange({ range: "custom", from: "2024-06-03", to: "2024-06-03" }, new Date("2024-06-10T00:00:00Z")).range;

  async function addRun(actor: Actor, query: string, sources: { chunkId?: string; documentId: string }[], extra: Partial<typeof evaluationRuns.$inferInsert> = {}) {
    const [run] = await withSystem("test", (tx) =>
      tx
        .insert(evaluationRuns)
        .values({ tenantId: actor.tenantId, userId: actor.userId, query, mode: "hybrid", latencyMs: 5, qualityScore: 0.5, sources: sources.map((s, i) => ({ ...s, rank: i + 1, score: 1 - i / 10 })), createdAt: at, ...extra })
        .returning(),
    );
    return run!;
  }
  const runRow = async (id: string) => (await withSystem("test", (tx) => tx.select().from(evaluationRuns).where(eq(evaluationRuns.id, id))))[0]!;
  const rows = (runId: string) => withSystem("test", (tx) => tx.select().from(searchResultFeedback).where(eq(searchResultFeedback.runId, runId)));

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "rater@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Alpha", slug: "rate-alpha" }, { name: "Beta", slug: "rate-beta" }]).returning();
    [alpha, beta] = made.map((t): Actor => ({ tenantId: t.id, role: "member", userId: user!.id })) as [Actor, Actor];
    await withSystem("test", async (tx) => {
      const doc = (filename: string, n: number) => ({ tenantId: alpha.tenantId, filename, mimeType: "text/plain", fileSize: 1, sha256: String(n).repeat(64), storageKey: `rate/${n}` });
      const [a, b] = await tx.insert(documents).values([doc("alpha.txt", 1), doc("beta.txt", 2)]).returning();
      docA = a!.id;
      docB = b!.id;
    });
  });
  afterAll(() => handle?.close());

  it("stores one rating per (run, result), keeps the run's summary, audits each change, and takes a rating back", async () => {
    const run = await addRun(alpha, "vpn", [{ chunkId: CHUNK_1, documentId: docA }, { chunkId: CHUNK_2, documentId: docB }, { chunkId: CHUNK_3, documentId: docA }]);
    const rate = (chunkId: string, documentId: string, rating: "thumbs_up" | "thumbs_down" | null) => rateResult({ actor: alpha, input: { runId: run.id, chunkId, documentId, rating } });

    expect(await rate(CHUNK_2, docB, "thumbs_down")).toEqual({ rating: "thumbs_down", runFeedback: "thumbs_down" });
    expect(await rate(CHUNK_1, docA, "thumbs_up")).toEqual({ rating: "thumbs_up", runFeedback: "thumbs_up" });
    expect(await rate(CHUNK_1, docA, "thumbs_down")).toEqual({ rating: "thumbs_down", runFeedback: "thumbs_down" });
    const stored = await rows(run.id);
    expect(stored.map((r) => ({ chunkId: r.chunkId, documentId: r.documentId, rank: r.rank, rating: r.rating, mode: r.mode })).sort((a, b) => a.rank! - b.rank!)).toEqual([
      { chunkId: CHUNK_1, documentId: docA, rank: 1, rating: "thumbs_down", mode: "hybrid" },
      { chunkId: CHUNK_2, documentId: docB, rank: 2, rating: "thumbs_down", mode: "hybrid" },
    ]);
    expect(stored[0]!.runCreatedAt).toEqual(at);
    expect((await runRow(run.id)).userFeedback).toBe("thumbs_down");

    expect(await rate(CHUNK_1, docA, null)).toEqual({ rating: null, runFeedback: "thumbs_down" });
    expect(await rate(CHUNK_2, docB, null)).toEqual({ rating: null, runFeedback: null });
    expect(await rows(run.id)).toEqual([]);
    expect((await runRow(run.id)).userFeedback).toBeNull();

    const audits = await withSystem("test", (tx) =>
      tx.select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.action, "search.rate_result"), eq(auditLog.targetId, run.id))).orderBy(auditLog.createdAt),
    );
    expect(audits.map((a) => a.details)).toEqual([
      { before: { rating: null }, after: { rating: "thumbs_down", rank: 2, documentId: docB, chunkId: CHUNK_2 } },
      { before: { rating: null }, after: { rating: "thumbs_up", rank: 1, documentId: docA, chunkId: CHUNK_1 } },
      { before: { rating: "thumbs_up" }, after: { rating: "thumbs_down", rank: 1, documentId: docA, chunkId: CHUNK_1 } },
      { before: { rating: "thumbs_down" }, after: { rating: null, rank: 1, documentId: docA, chunkId: CHUNK_1 } },
      { before: { rating: "thumbs_down" }, after: { rating: null, rank: 2, documentId: docB, chunkId: CHUNK_2 } },
    ]);
  });

  it("rates only a result of the search, only one's own search, and only in its workspace", async () => {
    const run = await addRun(alpha, "expenses", [{ chunkId: CHUNK_1, documentId: docA }]);
    await expect(rateResult({ actor: alpha, input: { runId: run.id, chunkId: CHUNK_2, documentId: docA, rating: "thumbs_up" } })).rejects.toThrow(/not one of this search's results/);
    const input = { runId: run.id, chunkId: CHUNK_1, documentId: docA, rating: "thumbs_up" as const };
    await expect(rateResult({ actor: { ...alpha, userId: "00000000-0000-4000-8000-000000000009" }, input })).rejects.toThrow(/not yours/);
    await expect(rateResult({ actor: beta, input })).rejects.toThrow(/not yours/);
    await expect(commentOnSearch({ actor: beta, runId: run.id, comment: "x" })).rejects.toThrow(/not yours/);
    expect(await rows(run.id)).toEqual([]);
  });

  it("a run's page shows each result's rating; the dashboard counts runs where a result helped and documents rated not helpful", async () => {
    const helped = await addRun(alpha, "helped", [{ chunkId: CHUNK_1, documentId: docA }, { chunkId: CHUNK_2, documentId: docB }]);
    const failed = await addRun(alpha, "failed", [{ chunkId: CHUNK_1, documentId: docA }, { chunkId: CHUNK_2, documentId: docB }]);
    await rateResult({ actor: alpha, input: { runId: helped.id, chunkId: CHUNK_1, documentId: docA, rating: "thumbs_up" } });
    await rateResult({ actor: alpha, input: { runId: helped.id, chunkId: CHUNK_2, documentId: docB, rating: "thumbs_down" } });
    await rateResult({ actor: alpha, input: { runId: failed.id, chunkId: CHUNK_2, documentId: docB, rating: "thumbs_down" } });
    await commentOnSearch({ actor: alpha, runId: failed.id, comment: "nothing on the new VPN" });

    const page = await getEvaluationRun({ actor: alpha, id: helped.id });
    expect(page.listRating).toBeNull();
    expect(page.sources.map((s) => s.rating)).toEqual(["thumbs_up", "thumbs_down"]);

    const { current } = await getQueryMetrics({ actor: alpha, range: june3() });
    // Rated runs of the day: "helped" (a result helped) and "failed" (nothing did); the earlier tests' runs are unrated now.
    expect(current.thumbsUpRate).toBeCloseTo(0.5, 9);
    const tables = await getQueryTables({ actor: alpha, range: june3() });
    expect(tables.worstRated.map((r) => ({ id: r.id, comment: r.comment }))).toEqual([{ id: failed.id, comment: "nothing on the new VPN" }]);
    // Only docB was rated not helpful (in two runs); docA appeared in "failed" but was not rated.
    expect(tables.badDocuments).toEqual([{ documentId: docB, filename: "beta.txt", runs: 2, latestRunId: expect.any(String) }]);
  });

  it("migration 0019 keeps ratings of whole lists as list-level rows, which the run page and the dashboard still read", async () => {
    const legacy = await addRun(alpha, "legacy", [{ chunkId: CHUNK_1, documentId: docA }, { chunkId: CHUNK_3, documentId: docA }], {
      userFeedback: "thumbs_down",
      createdAt: new Date("2024-06-04T08:00:00Z"),
    });
    // The migration's data step, as written, over a run rated before it.
    const file = readFileSync(path.join(process.cwd(), "db/migrations/0019_search_result_feedback.sql"), "utf8");
    const step = file.slice(file.lastIndexOf("INSERT INTO \"search_result_feedback\""));
    await withSystem("test", (tx) => tx.execute(sql.raw(`${step.replace(/;\s*$/, "")} AND id = '${legacy.id}'`)));
    expect((await rows(legacy.id)).map((r) => ({ chunkId: r.chunkId, documentId: r.documentId, rank: r.rank, rating: r.rating }))).toEqual([
      { chunkId: null, documentId: null, rank: null, rating: "thumbs_down" },
    ]);
    const page = await getEvaluationRun({ actor: alpha, id: legacy.id });
    expect(page.listRating).toBe("thumbs_down");
    expect(page.userFeedback).toBe("thumbs_down");
    const june4 = resolveRange({ range: "custom", from: "2024-06-04", to: "2024-06-04" }, new Date("2024-06-10T00:00:00Z")).range;
    const tables = await getQueryTables({ actor: alpha, range: june4 });
    // A whole list rated not helpful names each of its documents once.
    expect(tables.badDocuments).toEqual([{ documentId: docA, filename: "alpha.txt", runs: 1, latestRunId: legacy.id }]);
    // A per-result rating on such a run joins the list-level one in the summary.
    await rateResult({ actor: alpha, input: { runId: legacy.id, chunkId: CHUNK_3, documentId: docA, rating: "thumbs_up" } });
    expect((await runRow(legacy.id)).userFeedback).toBe("thumbs_up");
  });
});
