import { eq } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/lib/testing/test-database";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { getRequestUser, userForSessionToken, type SessionUser } from "./session";
import { LAST_SEEN_REFRESH_SECONDS, nowSeconds, sessionEnd, signInClaims, touchSession } from "./session-token";
import { signInWithPassword } from "./sign-in";

const PASSWORD = "correct horse battery";
const MINUTE = 60;
const HOUR = 3600;

describe("sessions", () => {
  let handle: DatabaseHandle;
  let seq = 0;
  const saved = { idle: process.env.SESSION_IDLE_MINUTES, max: process.env.SESSION_MAX_HOURS, secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL };
  const secret = "test-secret-for-sessions";

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = secret;
    delete process.env.NEXTAUTH_URL; // an https URL would switch next-auth to the __Secure- cookie name
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
    for (const [key, value] of [["SESSION_IDLE_MINUTES", saved.idle], ["SESSION_MAX_HOURS", saved.max], ["NEXTAUTH_SECRET", saved.secret], ["NEXTAUTH_URL", saved.url]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterEach(() => {
    delete process.env.SESSION_IDLE_MINUTES;
    delete process.env.SESSION_MAX_HOURS;
  });

  async function makeUser(): Promise<SessionUser> {
    seq += 1;
    const [row] = await handle.db
      .insert(users)
      .values({ email: `session.${seq}@example.test`, fullName: `Person ${seq}`, passwordHash: await hashPassword(PASSWORD) })
      .returning();
    return { id: row!.id, email: row!.email, name: row!.fullName, isSuperuser: false };
  }

  /** A session as signing in gives it, with the real sign-in path. */
  async function signIn(user: SessionUser, now = nowSeconds()): Promise<JWT> {
    const signed = await signInWithPassword({ email: user.email, password: PASSWORD });
    return signInClaims(signed!, now);
  }

  const versionOf = async (id: string) => (await handle.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, id)))[0]!.v;

  describe("limits by the clock", () => {
    it("a session unused for the idle time (30 minutes by default) is over; one used within it is not", async () => {
      const user = await makeUser();
      const now = nowSeconds();
      expect(await userForSessionToken({ ...(await signIn(user)), seen: now - 29 * MINUTE }, now)).toEqual(user);
      expect(await userForSessionToken({ ...(await signIn(user)), seen: now - 30 * MINUTE }, now)).toBeNull();
    });

    it("SESSION_IDLE_MINUTES sets the idle time", async () => {
      process.env.SESSION_IDLE_MINUTES = "5";
      const user = await makeUser();
      const now = nowSeconds();
      expect(await userForSessionToken({ ...(await signIn(user)), seen: now - 4 * MINUTE }, now)).toEqual(user);
      expect(await userForSessionToken({ ...(await signIn(user)), seen: now - 6 * MINUTE }, now)).toBeNull();
    });

    it("a session ends 12 hours after sign-in however active it was; SESSION_MAX_HOURS sets the limit", async () => {
      const user = await makeUser();
      const now = nowSeconds();
      const active = (auth: number) => ({ ...signInClaims({ ...user, sessionVersion: 0 }, auth), seen: now - MINUTE });
      expect(await userForSessionToken(active(now - 11 * HOUR), now)).toEqual(user);
      expect(await userForSessionToken(active(now - 12 * HOUR), now)).toBeNull();
      process.env.SESSION_MAX_HOURS = "2";
      expect(await userForSessionToken(active(now - 3 * HOUR), now)).toBeNull();
      expect(sessionEnd(active(now - 3 * HOUR), now)).toBe("expired");
    });

    it("activity moves last-seen at most once a minute and never moves the sign-in time", () => {
      const start = nowSeconds() - 11 * HOUR;
      const token = signInClaims({ id: crypto.randomUUID(), isSuperuser: false, sessionVersion: 0 }, start);
      expect(touchSession(token, start + LAST_SEEN_REFRESH_SECONDS - 1)).toBe(token);
      const later = start + 10 * HOUR;
      expect(touchSession(token, later)).toEqual({ ...token, seen: later, auth: start });
      // Kept alive all along, it still ends at the absolute limit.
      expect(sessionEnd(touchSession(token, start + 12 * HOUR), start + 12 * HOUR)).toBe("expired");
    });

    it.each([
      ["no user id", { uid: undefined }],
      ["no session version", { sv: undefined }],
      ["no sign-in time", { auth: undefined }],
      ["no last-seen time", { seen: undefined }],
    ])("a token with %s is no session", async (_case, missing) => {
      const user = await makeUser();
      expect(await userForSessionToken({ ...(await signIn(user)), ...missing })).toBeNull();
    });
  });

  describe("the session version", () => {
    it("sign-in puts the user's current version in the token; a token with another version is signed out", async () => {
      const user = await makeUser();
      await handle.db.update(users).set({ sessionVersion: 4 }).where(eq(users.id, user.id));
      const token = await signIn(user);
      expect(token.sv).toBe(4);
      expect(await userForSessionToken(token)).toEqual(user);
      expect(await userForSessionToken({ ...token, sv: 3 })).toBeNull();
      expect(await userForSessionToken({ ...token, sv: 5 })).toBeNull();
    });

    it("signing out ends every session of the user at its next request, through the route handlers' check too", async () => {
      const user = await makeUser();
      const here = await signIn(user);
      const there = await signIn(user);
      const cookie = await sessionCookie({ ...user, sessionVersion: 0 }, secret);
      const request = () => new NextRequest("http://localhost/api/anything", { headers: { cookie } });
      expect(await getRequestUser(request())).toEqual(user);

      await authOptions.events!.signOut!({ token: here, session: null as never });
      expect(await versionOf(user.id)).toBe(1);
      expect(await userForSessionToken(here)).toBeNull();
      expect(await userForSessionToken(there)).toBeNull();
      expect(await getRequestUser(request())).toBeNull();

      // Signing out of an already-ended session does not end the sessions started since.
      const fresh = await signIn(user);
      await authOptions.events!.signOut!({ token: there, session: null as never });
      expect(await userForSessionToken(fresh)).toEqual(user);
    });

    it("next-auth's own session read re-checks the session: an ended one throws (next-auth then clears the cookie), a live one is touched", async () => {
      const user = await makeUser();
      const jwt = authOptions.callbacks!.jwt!;
      const now = nowSeconds();
      const live = { ...(await signIn(user)), seen: now - 5 * MINUTE };
      const touched = await jwt({ token: live, account: null, user: undefined as never });
      expect(touched.seen).toBeGreaterThanOrEqual(now);
      expect(touched.auth).toBe(live.auth);

      await expect(jwt({ token: { ...live, seen: now - 31 * MINUTE }, account: null, user: undefined as never })).rejects.toThrow();
      await expect(jwt({ token: { ...live, sv: 7 }, account: null, user: undefined as never })).rejects.toThrow();
    });

    it("sign-in through next-auth carries the version and starts both clocks", async () => {
      const user = await makeUser();
      const jwt = authOptions.callbacks!.jwt!;
      const token = await jwt({ token: { email: user.email }, account: null, user: { id: user.id, email: user.email, isSuperuser: false, sessionVersion: 0 } });
      expect(token).toMatchObject({ uid: user.id, sv: 0, su: false });
      expect(token.auth).toBe(token.seen);
      expect(await userForSessionToken(token)).toEqual(user);
    });
  });
});
