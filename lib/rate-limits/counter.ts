import { sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { getDatabase, type Transaction } from "@/db/client";
import { withSystem } from "@/lib/tenancy/with-tenant";

/** One key's count in its current window, and the seconds until that window ends. */
export interface Hit {
  key: string;
  count: number;
  resetSeconds: number;
}

/** "N seconds" under a minute, else "N minutes", for messages that say how long to wait. */
export function describeWait(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} second${whole === 1 ? "" : "s"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Rows per sweep statement; the embedded database serves other requests between batches. */
export const SWEEP_BATCH_SIZE = 5_000;

/**
 * A counter write. On a PostgreSQL server it does not wait for its commit to reach the disk: that
 * wait was 3 of a consume's 4 ms. A server crash may forget the last moments of hits, never a whole
 * window; a clean restart forgets nothing. PGlite's commits do not wait on the disk anyway.
 */
async function writeCounters<T>(reason: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const { embedded } = await getDatabase();
  return withSystem(reason, async (tx) => {
    if (!embedded) await tx.execute(sql`set local synchronous_commit = off`);
    return fn(tx);
  });
}

const keyList = (keys: string[]) =>
  sql.join(
    keys.map((key) => sql`${key}`),
    sql`, `,
  );

const asHits = (rows: { key: string; count: number; reset_seconds: number }[]): Hit[] =>
  rows.map((r) => ({ key: r.key, count: Number(r.count), resetSeconds: Math.max(1, Number(r.reset_seconds)) }));

/**
 * Counts one hit against each key in a fixed window of `windowSeconds` that starts with the key's
 * first hit, and returns every key's count including this hit. One upsert statement: PostgreSQL
 * serialises it per row, so any number of processes on one database count exactly. The database's
 * clock decides windows, so servers with skewed clocks still agree.
 */
export async function countHits(keys: string[], windowSeconds: number): Promise<Hit[]> {
  // Sorted, so concurrent statements lock shared rows in one order and never deadlock; unique,
  // since one statement cannot update a row twice.
  const unique = [...new Set(keys)].sort();
  if (unique.length === 0) return [];
  const rows = await writeCounters("count rate-limited hits", (tx) =>
    queryRows<{ key: string; count: number; reset_seconds: number }>(
      tx,
      sql`insert into rate_limits as r (key, count, window_ends)
          select k, 1, now() + make_interval(secs => ${windowSeconds}::int) from unnest(array[${keyList(unique)}]::text[]) as k
          on conflict (key) do update set
            count = case when r.window_ends <= now() then 1 else r.count + 1 end,
            window_ends = case when r.window_ends <= now() then excluded.window_ends else r.window_ends end
          returning r.key, r.count, ceil(extract(epoch from r.window_ends - now()))::int as reset_seconds`,
    ),
  );
  return asHits(rows);
}

/**
 * Starts a pause of `seconds` on each key that has none running, in one statement, and returns the
 * keys it started: one missing from the answer was already paused (by a concurrent caller, in any
 * process). A pause is a row whose window is the pause; peekHits reads it.
 */
export async function startPauses(pauses: { key: string; seconds: number }[]): Promise<string[]> {
  const sorted = [...new Map(pauses.map((p) => [p.key, p])).values()].sort((a, b) => a.key.localeCompare(b.key));
  if (sorted.length === 0) return [];
  const rows = await writeCounters("start rate-limit pauses", (tx) =>
    queryRows<{ key: string }>(
      tx,
      sql`insert into rate_limits as r (key, count, window_ends)
          select p.key, 0, now() + make_interval(secs => p.seconds)
            from unnest(array[${keyList(sorted.map((p) => p.key))}]::text[], array[${sql.join(sorted.map((p) => sql`${Math.ceil(p.seconds)}`), sql`, `)}]::int[]) as p(key, seconds)
          on conflict (key) do update set window_ends = excluded.window_ends where r.window_ends <= now()
          returning r.key`,
    ),
  );
  return rows.map((r) => r.key);
}

/** The current counts of those keys that have a live window (no hit is counted). */
export async function peekHits(keys: string[]): Promise<Hit[]> {
  if (keys.length === 0) return [];
  const rows = await withSystem("read rate-limit counts", (tx) =>
    queryRows<{ key: string; count: number; reset_seconds: number }>(
      tx,
      sql`select key, count, ceil(extract(epoch from window_ends - now()))::int as reset_seconds
            from rate_limits where key in (${keyList(keys)}) and window_ends > now()`,
    ),
  );
  return asHits(rows);
}

/** Takes back one hit from each key (a counted attempt that turned out not to count), within its window. */
export async function refundHits(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await writeCounters("refund rate-limited hits", (tx) =>
    tx.execute(sql`update rate_limits set count = count - 1 where key in (${keyList([...new Set(keys)].sort())}) and count > 0 and window_ends > now()`),
  );
}

/** Forgets the keys' counts. */
export async function clearHits(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await writeCounters("clear rate-limited hits", (tx) => tx.execute(sql`delete from rate_limits where key in (${keyList(keys)})`));
}

/** Deletes the rows whose window has ended, in batches; returns how many went. For the retention job. */
export async function sweepExpiredRateLimits({ batchSize = SWEEP_BATCH_SIZE, signal }: { batchSize?: number; signal?: AbortSignal } = {}): Promise<number> {
  // A batch of 0 would never come back short, so the loop would never end.
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`rate-limit sweep batch size must be a positive integer, not ${batchSize}`);
  let removed = 0;
  while (!signal?.aborted) {
    const rows = await withSystem("sweep expired rate limits", (tx) =>
      queryRows<{ key: string }>(
        tx,
        sql`delete from rate_limits where key in (
              select key from rate_limits where window_ends <= now() limit ${batchSize} for update skip locked)
            returning key`,
      ),
    );
    removed += rows.length;
    if (rows.length < batchSize) break;
  }
  return removed;
}
