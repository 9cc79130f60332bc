import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, users } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { authOptions } from "./options";
import { issueDeviceToken } from "./device-cookie";
import { hashPassword } from "./password";
import { signInWithPassword } from "./sign-in";
import { FIRST_PAUSE_SECONDS, pauseAfter, SIGN_IN_LIMITS, SIGN_IN_WINDOW_MINUTES, SignInThrottledError } from "./sign-in-throttle";

const PASSWORD = "correct horse battery";
const at = (ip: string, deviceToken?: string) => ({ ip, deviceToken });

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the sign-in to throw, but it returned");
}

describe("sign-in throttling", () => {
  let handle: DatabaseHandle;
  const savedSecret = process.env.NEXTAUTH_SECRET;

  beforeAll(async () => {
    // Device cookies are signed with the session secret.
    process.env.NEXTAUTH_SECRET = "sign-in throttle test secret";
    handle = await createTestDatabase();
    const passwordHash = await hashPassword(PASSWORD);
    await handle.db.insert(users).values(
      ["victim", "typist", "roamer", "target", "device", "veteran", "racer", "peer"].map((name) => ({ email: `${name}@throttle.test`, fullName: name, passwordHash })),
    );
  });
  afterAll(async () => {
    if (savedSecret === undefined) delete process.env.NEXTAUTH_SECRET;
    else process.env.NEXTAUTH_SECRET = savedSecret;
    await handle?.close();
  });

  const entries = (action: string, email: string) =>
    withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, action), sql`${auditLog.actor}->>'email' = ${email}`)));
  const wrong = (email: string, client: { ip: string; deviceToken?: string }, times: number) =>
    Promise.all(Array.from({ length: times }, (_, i) => signInWithPassword({ email, password: `wrong ${i}` }, client)));
  const right = (email: string, client: { ip: string; deviceToken?: string }) => signInWithPassword({ email, password: PASSWORD }, client);

  it("refuses an attacker's network after its failures on an account, and the real user elsewhere still signs in", async () => {
    const attacker = at("203.0.113.66");
    expect(await wrong("victim@throttle.test", attacker, SIGN_IN_LIMITS.accountAndAddress)).toEqual(Array(SIGN_IN_LIMITS.accountAndAddress).fill(null));
    const error = await thrown(right("Victim@Throttle.test", attacker));
    expect(error).toBeInstanceOf(SignInThrottledError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited:sign_in", limit: "accountAndAddress" });
    // Not locked: paused, first for half a minute.
    expect((error as Error).message).toMatch(
      /^Too many failed attempts for this account from this network; try again in \d+ seconds, or ask an admin for a password reset link\.$/,
    );
    expect((error as SignInThrottledError).retryAfterSeconds).toBeLessThanOrEqual(FIRST_PAUSE_SECONDS);
    // Refused attempts check no password and count nowhere, however many there are.
    for (let i = 0; i < 30; i++) await expect(right("victim@throttle.test", attacker)).rejects.toBeInstanceOf(SignInThrottledError);
    expect(await entries("auth.sign_in_failed", "victim@throttle.test")).toHaveLength(SIGN_IN_LIMITS.accountAndAddress);
    const throttled = await entries("auth.sign_in_throttled", "victim@throttle.test");
    expect(throttled).toHaveLength(31);
    expect(throttled[0]).toMatchObject({ tenantId: null, ip: attacker.ip, details: { limit: "accountAndAddress", retryAfterSeconds: expect.any(Number) } });

    // The real user, on their own network and without having signed in from this browser before.
    expect(await right("victim@throttle.test", at("198.51.100.20"))).toMatchObject({ email: "victim@throttle.test" });
  });

  it("lets a person who mistyped in, and forgets their mistakes once they have", async () => {
    const home = at("198.51.100.30");
    await wrong("typist@throttle.test", home, SIGN_IN_LIMITS.accountAndAddress - 1);
    expect(await right("typist@throttle.test", home)).toMatchObject({ email: "typist@throttle.test" });
    await wrong("typist@throttle.test", home, SIGN_IN_LIMITS.accountAndAddress - 1);
    expect(await right("typist@throttle.test", home)).toMatchObject({ email: "typist@throttle.test" });
  });

  it(`refuses a network that fails ${SIGN_IN_LIMITS.address} times across accounts, telling it how long to wait; other networks are unaffected`, async () => {
    const sprayer = at("192.0.2.44");
    // Each email fails once only: no single account reaches a limit of its own.
    for (let i = 0; i < SIGN_IN_LIMITS.address; i++) expect(await signInWithPassword({ email: `guess${i}@throttle.test`, password: "guess" }, sprayer)).toBeNull();
    const error = await thrown(right("roamer@throttle.test", sprayer));
    expect(error).toMatchObject({ status: 429, limit: "address", message: expect.stringMatching(/^Too many attempts from this network; try again in \d+ seconds\.$/) });
    expect(await entries("auth.sign_in_throttled", "roamer@throttle.test")).toMatchObject([{ ip: sprayer.ip, details: { limit: "address" } }]);
    expect(await right("roamer@throttle.test", at("192.0.2.45"))).toMatchObject({ email: "roamer@throttle.test" });
  });

  it("counts an IPv6 network as one /64, so fresh addresses from it are no way around the limit", async () => {
    for (let i = 1; i <= SIGN_IN_LIMITS.accountAndAddress; i++) expect(await signInWithPassword({ email: "peer@throttle.test", password: "guess" }, at(`2001:db8:5:6::${i}`))).toBeNull();
    await expect(right("peer@throttle.test", at("2001:db8:5:6::99"))).rejects.toMatchObject({ limit: "accountAndAddress" });
    expect(await right("peer@throttle.test", at("2001:db8:5:7::1"))).toMatchObject({ email: "peer@throttle.test" });
  });

  it("after failures from many networks, refuses browsers new to the account but never the browser its person signed in with", async () => {
    const home = at("198.51.100.50");
    expect(await right("target@throttle.test", home)).not.toBeNull();
    const known = { ...home, deviceToken: issueDeviceToken("target@throttle.test")! };
    const perNetwork = SIGN_IN_LIMITS.accountAndAddress;
    for (let n = 0; n < SIGN_IN_LIMITS.account / perNetwork; n++) await wrong("target@throttle.test", at(`203.0.113.${100 + n}`), perNetwork);

    const error = await thrown(right("target@throttle.test", at("198.51.100.51")));
    expect(error).toMatchObject({ status: 429, limit: "account" });
    expect((error as Error).message).toMatch(/sign in from a browser you have used with this account before/);
    // Not even from the person's own network in a new browser, nor with a forged or another account's cookie...
    await expect(right("target@throttle.test", home)).rejects.toMatchObject({ limit: "account" });
    await expect(right("target@throttle.test", { ...home, deviceToken: "forged.c2lnbmF0dXJl" })).rejects.toMatchObject({ limit: "account" });
    await expect(right("target@throttle.test", { ...home, deviceToken: issueDeviceToken("victim@throttle.test")! })).rejects.toMatchObject({ limit: "account" });
    // ...but the browser that signed in before goes straight in, from anywhere.
    expect(await right("target@throttle.test", known)).toMatchObject({ email: "target@throttle.test" });
    expect(await right("Target@Throttle.test", { ...known, ip: "192.0.2.200" })).toMatchObject({ email: "target@throttle.test" });
  });

  it("counts a known browser's failures on their own, and stops that browser too after a few", async () => {
    const known = at("198.51.100.60", issueDeviceToken("device@throttle.test")!);
    await wrong("device@throttle.test", known, SIGN_IN_LIMITS.device);
    await expect(right("device@throttle.test", known)).rejects.toMatchObject({ limit: "device", message: expect.stringMatching(/^Too many failed attempts from this browser; try again in \d+ seconds\.$/) });
    // Its failures were not charged to its network or to the account.
    expect(await right("device@throttle.test", at(known.ip))).toMatchObject({ email: "device@throttle.test" });
  });

  it("checks no more passwords than the limit allows, however many attempts arrive at once", async () => {
    // Each attempt is counted before its password is checked, so a burst cannot all pass a check first.
    const failures = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => signInWithPassword({ email: "racer@throttle.test", password: `no ${i}` }, at("203.0.113.78"))));
    expect(failures.filter((o) => o.status === "fulfilled")).toHaveLength(SIGN_IN_LIMITS.accountAndAddress);
    expect(failures.filter((o) => o.status === "rejected" && o.reason instanceof SignInThrottledError)).toHaveLength(12 - SIGN_IN_LIMITS.accountAndAddress);
    expect((await entries("auth.sign_in_failed", "racer@throttle.test")).filter((e) => e.ip === "203.0.113.78")).toHaveLength(SIGN_IN_LIMITS.accountAndAddress);
  });

  it("never locks: past the limit each attempt waits a pause that doubles, up to the window, and a success ends it", async () => {
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((count) => pauseAfter(count, 5))).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(SIGN_IN_WINDOW_MINUTES * 60).toBe(900);

    const network = at("198.51.100.90");
    const paused = () => thrown(right("typist@throttle.test", network)) as Promise<SignInThrottledError>;
    const endPause = () => handle.db.execute(sql`update rate_limits set window_ends = now() - interval '1 second' where key like ${"sign-in:%typist@throttle.test%:pause"}`);
    await wrong("typist@throttle.test", network, SIGN_IN_LIMITS.accountAndAddress);
    expect((await paused()).retryAfterSeconds).toBeLessThanOrEqual(30);
    for (const next of [60, 120, 240]) {
      await endPause();
      // Once the pause is over one more password is checked; failing, it starts the next, twice as long.
      expect(await signInWithPassword({ email: "typist@throttle.test", password: "still wrong" }, network)).toBeNull();
      const error = await paused();
      expect(error.retryAfterSeconds).toBeGreaterThan(next / 2);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(next);
    }
    await endPause();
    expect(await right("typist@throttle.test", network)).toMatchObject({ email: "typist@throttle.test" });
    // The success cleared this network's count: a mistype now costs nothing.
    expect(await signInWithPassword({ email: "typist@throttle.test", password: "typo" }, network)).toBeNull();
    expect(await right("typist@throttle.test", network)).toMatchObject({ email: "typist@throttle.test" });
  });

  it("forgets failures once their window has ended", async () => {
    const network = at("198.51.100.70");
    await wrong("veteran@throttle.test", network, SIGN_IN_LIMITS.accountAndAddress);
    await expect(right("veteran@throttle.test", network)).rejects.toBeInstanceOf(SignInThrottledError);
    await handle.db.execute(sql`update rate_limits set window_ends = now() - interval '1 second' where key like ${"sign-in:%veteran@throttle.test%"}`);
    expect(await right("veteran@throttle.test", network)).toMatchObject({ email: "veteran@throttle.test" });
  });

  it("through next-auth, takes the address from the connection and audits that, not what X-Forwarded-For claims", async () => {
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (credentials: unknown, req: unknown) => Promise<unknown> } };
    const attempt = (headers: Record<string, string>) => provider.options.authorize({ email: "nobody@throttle.test", password: "guess" }, { headers });
    const saved = process.env.TRUSTED_PROXY_HOPS;
    try {
      expect(await attempt({ "x-forwarded-for": "6.6.6.6", "x-tkc-peer-address": "198.51.100.80" })).toBeNull();
      process.env.TRUSTED_PROXY_HOPS = "1";
      expect(await attempt({ "x-forwarded-for": "6.6.6.6, 203.0.113.81", "x-tkc-peer-address": "10.0.0.2" })).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.TRUSTED_PROXY_HOPS;
      else process.env.TRUSTED_PROXY_HOPS = saved;
    }
    expect((await entries("auth.sign_in_failed", "nobody@throttle.test")).map((e) => e.ip)).toEqual(["198.51.100.80", "203.0.113.81"]);
  });
});
