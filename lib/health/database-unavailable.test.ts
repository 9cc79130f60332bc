import { mkdtemp } from "node:fs/promises";
import { get as httpGet } from "node:http";
import os from "node:os";
import path from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/testing/free-port";
import { createWireTestDatabase, type WireTestDatabase } from "@/lib/testing/test-database";
import { openPglite } from "@/db/connect";
import { isConnectionLost } from "@/db/connection-lost";
import { isDatabaseUnavailable } from "./database-unavailable";

/** What a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, but it succeeded");
}

const codeOf = (error: unknown) => (error as { code?: unknown }).code;
const causeCodeOf = (error: unknown) => codeOf((error as { cause?: unknown }).cause);

// Every error here is produced for real: postgres.js against a server that is gone, that went away
// under an open connection, or that answered with an error of its own.
describe("isDatabaseUnavailable and isConnectionLost", () => {
  let wire: WireTestDatabase;
  beforeAll(async () => {
    wire = await createWireTestDatabase();
  });
  afterAll(async () => {
    await wire?.close();
  });

  it("recognises a refused connection, bare from postgres.js and wrapped by Drizzle", async () => {
    const client = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, { max: 1 });
    const bare = await rejection(client`select 1`);
    expect(codeOf(bare)).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(bare)).toBe(true);
    await client.end();

    await wire.db.execute(sql`select 1`);
    await wire.stopServer();
    try {
      // Whether the pool finds its open connection closed or reconnects and is refused depends on
      // which it notices first; the next attempt is refused.
      const first = await rejection(wire.db.execute(sql`select 1`));
      expect(["CONNECTION_CLOSED", "ECONNREFUSED"]).toContain(causeCodeOf(first));
      expect(isDatabaseUnavailable(first)).toBe(true);
      expect(isConnectionLost(first)).toBe(causeCodeOf(first) === "CONNECTION_CLOSED");
      const refused = await rejection(wire.db.execute(sql`select 1`));
      expect(causeCodeOf(refused)).toBe("ECONNREFUSED");
      expect(isDatabaseUnavailable(refused)).toBe(true);
      // Refused is a new connection failing, not an open one lost.
      expect(isConnectionLost(refused)).toBe(false);
      // A transaction that cannot begin fails with the driver's error itself, unwrapped.
      const begin = await rejection(wire.db.transaction(async (tx) => tx.execute(sql`select 1`)));
      expect(codeOf(begin)).toBe("ECONNREFUSED");
      expect(isDatabaseUnavailable(begin)).toBe(true);
    } finally {
      await wire.startServer();
    }
    expect(await wire.db.execute(sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it("recognises a pool that was ended", async () => {
    const client = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, { max: 1 });
    await client.end();
    const ended = await rejection(client`select 1`);
    expect(codeOf(ended)).toBe("CONNECTION_ENDED");
    expect(isDatabaseUnavailable(ended)).toBe(true);
  });

  it("recognises the server's own shutdown and connection-failure SQLSTATEs", async () => {
    // Raised by the server itself, so the error takes the exact path a shutting-down server's does.
    for (const [state, unavailable, lost] of [
      ["57P01", true, false],
      ["57P03", true, false],
      ["08006", true, false],
      ["08P01", false, false],
      ["23505", false, false],
      ["42501", false, false],
    ] as const) {
      const error = await rejection(wire.db.execute(sql.raw(`do $$ begin raise exception 'raised' using errcode = '${state}'; end $$`)));
      expect(causeCodeOf(error)).toBe(state);
      expect({ state, unavailable: isDatabaseUnavailable(error), lost: isConnectionLost(error) }).toEqual({ state, unavailable, lost });
    }
  });

  it("does not mistake a failed query, or another service being down, for the database", async () => {
    const syntax = await rejection(wire.db.execute(sql`selec 1`));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    // More parameters than the protocol carries: the statement's fault, on either driver.
    const tooMany = sql`select cardinality(array[${sql.join(Array.from({ length: 70_000 }, (_, i) => sql`${i}::int`), sql`, `)}])`;
    expect(isDatabaseUnavailable(await rejection(wire.db.execute(tooMany)))).toBe(false);
    const embedded = await openPglite(await mkdtemp(path.join(os.tmpdir(), "tkc-params-")));
    try {
      expect(isDatabaseUnavailable(await rejection(embedded.db.execute(tooMany)))).toBe(false);
    } finally {
      await embedded.close();
    }
    // fetch() to a refused port: ECONNREFUSED sits in its cause, which is not the database's.
    const refusedFetch = await rejection(fetch(`http://127.0.0.1:${await freePort()}/embeddings`));
    expect(causeCodeOf(refusedFetch)).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(refusedFetch)).toBe(false);
    // A client that hangs up (any HTTP socket's ECONNRESET) is not the database either.
    const hangUp = await new Promise<Error>((resolve) => {
      const server = createServer((socket) => socket.destroy()).listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        httpGet(`http://127.0.0.1:${port}/`).on("error", (error) => server.close(() => resolve(error)));
      });
    });
    expect(codeOf(hangUp)).toBe("ECONNRESET");
    expect(isDatabaseUnavailable(hangUp)).toBe(false);
    expect(isConnectionLost(hangUp)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
