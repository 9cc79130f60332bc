import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows, type DatabaseHandle } from "./connect";
import { inLane, SCHEDULE } from "./pglite-turns";
import { createTestDatabase } from "@/lib/testing/test-database";

// The load test found uploads starving behind searches on the embedded database: PGlite hands the
// engine to the next queued transaction in a microtask, so file I/O waited for the whole queue.
describe("transactions on the embedded database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  it("leave the event loop room for I/O while many are queued", async () => {
    const queued = 100;
    let finished = 0;
    const transactions = Array.from({ length: queued }, () =>
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select count(*) from pg_class`);
        finished++;
      }),
    );
    // One step of an upload: a file read, which needs a few turns of the event loop. Without turns
    // it completes only after the whole queue (all 100); with them, within the first few dozen.
    const finishedWhenRead = readFile(path.join(process.cwd(), "package.json")).then(() => finished);
    await Promise.all(transactions);
    expect(finished).toBe(queued);
    expect(await finishedWhenRead).toBeLessThan(queued / 2);
  });

  it("still run one at a time in the order asked, each seeing the previous one's writes", async () => {
    await handle.db.execute(sql`create temporary table turns (n int)`);
    // Each inserts only when it finds exactly the rows of those asked before it.
    await Promise.all(Array.from({ length: 20 }, (_, i) => handle.db.transaction((tx) => tx.execute(sql`insert into turns select ${i} where (select count(*) from turns) = ${i}`))));
    expect(await queryRows<{ n: number }>(handle.db, sql`select n from turns order by n`)).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
  });

  /** A transaction that appends `name` to `order` when it runs. */
  const stepper = (order: string[]) => (name: string) =>
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      order.push(name);
    });
  // Let the engine go idle (the last turn hands over one event-loop pass later), so the next one runs at once.
  const idle = () => new Promise((resolve) => setImmediate(resolve));

  it("serve requests, searches and background work by a schedule, each lane in order", async () => {
    const order: string[] = [];
    const step = stepper(order);
    await idle();
    const first = step("running");
    const searches = Array.from({ length: 6 }, (_, i) => inLane("searches", () => step(`search ${i}`)));
    const ingest = Array.from({ length: 6 }, (_, i) => inLane("background", () => step(`ingest ${i}`)));
    // An upload asks after six searches and six ingest steps are queued: it goes next, not thirteenth.
    const upload = step("upload");
    await Promise.all([first, ...searches, ...ingest, upload]);
    // The upload goes ahead of queued searches and ingestion; the worker gets a turn every round.
    expect(order.indexOf("upload")).toBeLessThan(order.indexOf("search 1"));
    expect(order.indexOf("ingest 0")).toBeLessThanOrEqual(SCHEDULE.length + 1);
    expect(order.filter((o) => o.startsWith("search"))).toEqual(Array.from({ length: 6 }, (_, i) => `search ${i}`));
    expect(order.filter((o) => o.startsWith("ingest"))).toEqual(Array.from({ length: 6 }, (_, i) => `ingest ${i}`));
  });

  it("see a lane set through another copy of this module (Next.js compiles start-up, routes and pages apart)", async () => {
    vi.resetModules();
    const otherCopy = await import("./pglite-turns");
    expect(otherCopy.inLane).not.toBe(inLane);
    const order: string[] = [];
    const step = stepper(order);
    await idle();
    const first = step("running");
    const ingest = Array.from({ length: 6 }, (_, i) => otherCopy.inLane("background", () => step(`ingest ${i}`)));
    const upload = step("upload");
    await Promise.all([first, ...ingest, upload]);
    // Were the other copy's lane not seen, the ingest steps would queue as requests, ahead of the upload.
    expect(order.indexOf("upload")).toBeLessThan(order.indexOf("ingest 1"));
  });
});
