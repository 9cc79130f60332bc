import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type DatabaseHandle } from "@/db/connect";
import { createTestDatabase } from "@/lib/testing/test-database";
import { clearHits, countHits, describeWait, peekHits, refundHits, startPauses, sweepExpiredRateLimits } from "./counter";

describe("rate-limit counters", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  /** Moves a key's window into the past, as the clock would. */
  const endWindow = (key: string) => handle.db.execute(sql`update rate_limits set window_ends = now() - interval '1 second' where key = ${key}`);
  const rows = () => queryRows<{ key: string; count: number }>(handle.db, sql`select key, count from rate_limits order by key`);

  it("counts each key's hits in a window that starts with its first hit, and starts over once it has ended", async () => {
    expect(await countHits(["a"], 60)).toEqual([{ key: "a", count: 1, resetSeconds: 60 }]);
    expect((await countHits(["a"], 60))[0]!.count).toBe(2);
    const [third] = await countHits(["a"], 60);
    expect(third).toMatchObject({ key: "a", count: 3 });
    expect(third!.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(third!.resetSeconds).toBeLessThanOrEqual(60);
    // Another key has its own count.
    expect(await countHits(["b"], 60)).toEqual([{ key: "b", count: 1, resetSeconds: 60 }]);

    await endWindow("a");
    expect(await peekHits(["a", "b"])).toEqual([{ key: "b", count: 1, resetSeconds: 60 }]);
    expect(await countHits(["a"], 60)).toEqual([{ key: "a", count: 1, resetSeconds: 60 }]);
  });

  it("counts several keys in one statement, each once however often it is named", async () => {
    const hits = await countHits(["m2", "m1", "m2"], 300);
    expect(hits.map((h) => [h.key, h.count]).sort()).toEqual([["m1", 1], ["m2", 1]]);
    expect((await countHits(["m1", "m3"], 300)).map((h) => [h.key, h.count]).sort()).toEqual([["m1", 2], ["m3", 1]]);
  });

  it("takes hits back and forgets keys, but never below zero or in an ended window", async () => {
    await countHits(["r"], 60);
    await countHits(["r"], 60);
    await refundHits(["r", "r"]);
    expect(await peekHits(["r"])).toMatchObject([{ count: 1 }]);
    await refundHits(["r"]);
    await refundHits(["r"]);
    expect(await peekHits(["r"])).toMatchObject([{ count: 0 }]);
    await countHits(["r"], 60);
    await endWindow("r");
    await refundHits(["r"]);
    expect(await rows()).toContainEqual({ key: "r", count: 1 });
    await clearHits(["r"]);
    expect(await rows()).not.toContainEqual(expect.objectContaining({ key: "r" }));
  });

  it("counts concurrent hits exactly: each caller gets its own count, and the total is all of them", async () => {
    const hits = await Promise.all(Array.from({ length: 40 }, () => countHits(["busy"], 60)));
    expect(hits.map(([h]) => h!.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await peekHits(["busy"])).toMatchObject([{ count: 40 }]);
  });

  it("starts a pause only on keys with none running, once among any number of concurrent callers", async () => {
    const started = await Promise.all(Array.from({ length: 8 }, () => startPauses([{ key: "pause:a", seconds: 30 }, { key: "pause:b", seconds: 60 }])));
    expect(started.filter((keys) => keys.includes("pause:a"))).toHaveLength(1);
    expect(started.filter((keys) => keys.includes("pause:b"))).toHaveLength(1);
    const [a, b] = await peekHits(["pause:a", "pause:b"]).then((hits) => hits.sort((x, y) => x.key.localeCompare(y.key)));
    expect(a!.resetSeconds).toBeLessThanOrEqual(30);
    expect(b!.resetSeconds).toBeGreaterThan(30);
    // Once a pause has ended, the next caller starts a new one.
    await handle.db.execute(sql`update rate_limits set window_ends = now() - interval '1 second' where key = 'pause:a'`);
    expect(await startPauses([{ key: "pause:a", seconds: 120 }, { key: "pause:b", seconds: 120 }])).toEqual(["pause:a"]);
    expect(await startPauses([])).toEqual([]);
  });

  it("says how long to wait in seconds under a minute, else in whole minutes", () => {
    expect([0.2, 1, 29.4, 59, 60, 61, 900].map(describeWait)).toEqual(["1 second", "1 second", "30 seconds", "59 seconds", "1 minute", "2 minutes", "15 minutes"]);
  });

  it("sweeps only the counters whose window has ended, in batches", async () => {
    await countHits(["old-1", "old-2", "old-3", "live"], 60);
    for (const key of ["old-1", "old-2", "old-3"]) await endWindow(key);
    const before = (await rows()).length;
    expect(await sweepExpiredRateLimits({ batchSize: 2 })).toBeGreaterThanOrEqual(3);
    const after = await rows();
    expect(after.map((r) => r.key)).not.toContain("old-1");
    expect(after.map((r) => r.key)).toContain("live");
    expect(after.length).toBeLessThanOrEqual(before - 3);
    await expect(sweepExpiredRateLimits({ batchSize: 0 })).rejects.toThrow(/positive integer/);
  });

  it("is open to the system role only through its grants, with no row level security", async () => {
    const [table] = await queryRows<{ rls: boolean; system: boolean; app: boolean }>(
      handle.db,
      sql`select relrowsecurity as rls, has_table_privilege('tkc_system', 'rate_limits', 'insert, update, delete') as system,
                 has_table_privilege('tkc_app', 'rate_limits', 'insert, update, delete') as app
            from pg_class where relname = 'rate_limits'`,
    );
    expect(table).toEqual({ rls: false, system: true, app: true });
  });
});
