import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { hashPassword } from "./password";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MINUTES, signInWithPassword } from "./sign-in";

const PASSWORD = "correct horse battery";

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

  beforeAll(async () => {
    handle = await createTestDatabase();
    const passwordHash = await hashPassword(PASSWORD);
    await handle.db.insert(users).values(
      ["victim", "bystander", "neighbour", "roamer", "veteran", "locked"].map((name) => ({ email: `${name}@throttle.test`, fullName: name, passwordHash })),
    );
  });
  afterAll(() => handle?.close());

  async function entries(action: string, email?: string) {
    const rows = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, action)));
    return email ? rows.filter((r) => r.actor.email === email) : rows;
  }

  it(`after ${MAX_FAILURES_PER_ACCOUNT} failures for one account, even the right password is refused with a 429 that says to wait`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      // Spread over addresses: the per-account limit must not depend on where attempts come from.
      expect(await signInWithPassword({ email: "victim@throttle.test", password: `wrong ${i}` }, `10.0.1.${i + 1}`)).toBeNull();
    }
    const error = await thrown(signInWithPassword({ email: "Victim@Throttle.test", password: PASSWORD }, "10.0.1.99"));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited:sign_in" });
    expect((error as AppError).message).toMatch(new RegExp(`wait ${SIGN_IN_WINDOW_MINUTES} minutes`, "i"));

    const [throttled] = await entries("auth.sign_in_throttled", "victim@throttle.test");
    expect(throttled).toMatchObject({ tenantId: null, ip: "10.0.1.99", details: { byEmail: MAX_FAILURES_PER_ACCOUNT } });
    // The refused attempt did not sign in.
    const [victim] = await withSystem("test", (tx) => tx.select().from(users).where(eq(users.email, "victim@throttle.test")));
    expect(victim!.lastLoginAt).toBeNull();
    expect(await entries("auth.sign_in", "victim@throttle.test")).toHaveLength(0);
    // A throttled attempt is not itself counted as a failure.
    expect(await entries("auth.sign_in_failed", "victim@throttle.test")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    // The account stays throttled from any address, or none.
    await expect(signInWithPassword({ email: "victim@throttle.test", password: PASSWORD }, "10.0.3.2")).rejects.toMatchObject({ status: 429 });
    await expect(signInWithPassword({ email: "victim@throttle.test", password: PASSWORD })).rejects.toBeInstanceOf(AppError);
  });

  it("one attempt fewer than the limit still lets the right password in", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
      expect(await signInWithPassword({ email: "neighbour@throttle.test", password: "nope" }, "10.0.2.1")).toBeNull();
    }
    expect(await signInWithPassword({ email: "neighbour@throttle.test", password: PASSWORD }, "10.0.2.1")).toMatchObject({
      email: "neighbour@throttle.test",
    });
  });

  it("while one account is throttled, another account from another address is unaffected", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await signInWithPassword({ email: "locked@throttle.test", password: "wrong" }, "10.0.5.1")).toBeNull();
    }
    await expect(signInWithPassword({ email: "locked@throttle.test", password: "wrong" }, "10.0.5.1")).rejects.toMatchObject({ status: 429 });
    expect(await signInWithPassword({ email: "bystander@throttle.test", password: PASSWORD }, "10.0.3.1")).toMatchObject({
      email: "bystander@throttle.test",
    });
  });

  it(`after ${MAX_FAILURES_PER_ADDRESS} failures from one address across different emails, that address is throttled`, async () => {
    const ip = "10.66.0.1";
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      // Each email fails once only: no single account reaches its own limit.
      expect(await signInWithPassword({ email: `guess${i}@throttle.test`, password: "guess" }, ip)).toBeNull();
    }
    const error = await thrown(signInWithPassword({ email: "roamer@throttle.test", password: PASSWORD }, ip));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 429 });
    const [throttled] = await entries("auth.sign_in_throttled", "roamer@throttle.test");
    expect(throttled).toMatchObject({ ip, details: { byIp: MAX_FAILURES_PER_ADDRESS } });

    // The same account from another address is fine: it was the address that was throttled.
    expect(await signInWithPassword({ email: "roamer@throttle.test", password: PASSWORD }, "10.66.0.2")).toMatchObject({
      email: "roamer@throttle.test",
    });
  });

  it(`failures older than ${SIGN_IN_WINDOW_MINUTES} minutes no longer count`, async () => {
    const long = new Date(Date.now() - (SIGN_IN_WINDOW_MINUTES + 1) * 60_000);
    await withSystem("test", (tx) =>
      tx.insert(auditLog).values(
        Array.from({ length: MAX_FAILURES_PER_ACCOUNT + 3 }, () => ({
          tenantId: null,
          actor: { email: "veteran@throttle.test" },
          action: "auth.sign_in_failed",
          targetType: "user",
          ip: "10.0.4.1",
          createdAt: long,
        })),
      ),
    );
    expect(await signInWithPassword({ email: "veteran@throttle.test", password: PASSWORD }, "10.0.4.1")).toMatchObject({
      email: "veteran@throttle.test",
    });
    expect(await entries("auth.sign_in_throttled", "veteran@throttle.test")).toHaveLength(0);
  });
});
