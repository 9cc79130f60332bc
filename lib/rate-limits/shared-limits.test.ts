import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabase } from "@/db/client";
import { wrapPglite } from "@/db/connect";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { SIGN_IN_LIMITS, SignInThrottledError } from "@/lib/auth/sign-in-throttle";
import { freePort } from "@/lib/testing/free-port";
import { clonePglite } from "@/lib/testing/test-database";

const REQUESTS_EACH = 60;
const PER_MINUTE = 100;
const SIGN_INS_EACH = 4;
const EMAIL = "shared@limits.test";
const IP = "203.0.113.90";

/** One more server process on the same database (lib/testing/limit-consumer.ts); `run` sends it a command. */
async function startConsumer(databaseUrl: string) {
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "lib/testing/limit-consumer.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, API_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the consumer process exited with ${code}`))));
  const nextLine = async () => (await Promise.race([lines.next(), exited])).value as string;
  expect(await nextLine()).toBe("ready");
  return {
    run: async (command: string): Promise<string[]> => {
      child.stdin.write(`${command}\n`);
      return JSON.parse(await nextLine());
    },
    stop: () => new Promise((resolve) => child.once("exit", resolve).stdin.end()),
  };
}

const allowed = (outcomes: string[]) => outcomes.filter((o) => o === "allowed").length;

describe("limits shared by every server process", () => {
  let pglite: PGlite;
  let server: PGLiteSocketServer;

  beforeAll(async () => {
    pglite = await clonePglite();
    await wrapPglite(pglite).db.insert(users).values({ email: EMAIL, fullName: "Shared", passwordHash: await hashPassword("the right one") });
    // One connection per consumer process; each process's pool holds one.
    server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: await freePort(), maxConnections: 2 });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await pglite?.close();
  });

  it("two server processes on one database enforce one rate limit and one sign-in throttle", { timeout: 120_000 }, async () => {
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    const [a, b] = await Promise.all([startConsumer(url), startConsumer(url)]);
    try {
      // At once: 120 requests of one key against one limit of 100 a minute. Alone, each process
      // would have let all 60 of its own through; together exactly 100 pass.
      const api = await Promise.all([a.run(`api ${REQUESTS_EACH}`), b.run(`api ${REQUESTS_EACH}`)]);
      expect(api.map((outcomes) => outcomes.length)).toEqual([REQUESTS_EACH, REQUESTS_EACH]);
      expect(allowed(api[0]!) + allowed(api[1]!)).toBe(PER_MINUTE);

      // One after the other (pglite-socket cannot serve the sign-in's statements outside a
      // transaction from two connections at once; a PostgreSQL server can): 8 wrong passwords for
      // one account from one address, 4 from each process, and only the limit's worth are checked.
      const first = await a.run(`sign-in ${SIGN_INS_EACH} ${EMAIL} ${IP}`);
      const second = await b.run(`sign-in ${SIGN_INS_EACH} ${EMAIL} ${IP}`);
      expect(first).toEqual(Array(SIGN_INS_EACH).fill("allowed"));
      expect(allowed(second)).toBe(SIGN_IN_LIMITS.accountAndAddress - SIGN_INS_EACH);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    const { rows } = await pglite.query<{ key: string; count: number }>("select key, count from rate_limits order by key");
    expect(rows).toContainEqual({ key: "api:key:shared", count: 2 * REQUESTS_EACH });
    expect(rows).toContainEqual({ key: `sign-in:account-address:${EMAIL}|${IP}`, count: SIGN_IN_LIMITS.accountAndAddress });
    // This process, on the same database, meets the same throttle, even with the right password.
    setDatabase(wrapPglite(pglite));
    await expect(signInWithPassword({ email: EMAIL, password: "the right one" }, { ip: IP })).rejects.toBeInstanceOf(SignInThrottledError);
  });
});
