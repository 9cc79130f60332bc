import { clearHits, countHits, describeWait, peekHits, refundHits, startPauses, type Hit } from "@/lib/rate-limits/counter";
import { AppError } from "@/lib/errors";
import { addressBucket } from "@/lib/security/client-address";
import { deviceIdFor } from "./device-cookie";

// Throttling that slows guessing without letting anyone lock a person out (OWASP's guidance):
// failures count per account and address and per address, so an attacker elsewhere never blocks
// the real user's network; per account across all addresses only for browsers that have not
// signed in to it before, since a browser with the account's device cookie counts on its own.
// Past a limit nothing locks: each further attempt waits a pause that doubles, from 30 seconds to
// at most the window, so a person who mistyped waits seconds and a guesser gets a few tries an hour.

export const SIGN_IN_WINDOW_MINUTES = 15;
export const FIRST_PAUSE_SECONDS = 30;

/** Failures allowed per window, by what they are counted against. */
export const SIGN_IN_LIMITS = {
  /** One account from one network: a person mistyping, or someone guessing from there. */
  accountAndAddress: 5,
  /** One network, any accounts: guessing many accounts from one place (a NAT shares this). */
  address: 30,
  /** One account from browsers without its device cookie, every network together: guessing from many places. */
  account: 20,
  /** One browser with the account's device cookie. */
  device: 5,
} as const;

export type SignInLimit = keyof typeof SIGN_IN_LIMITS;

export interface SignInClient {
  /** The client's address (lib/security/client-address.ts). */
  ip?: string;
  /** The device cookie the browser sent. */
  deviceToken?: string;
}

interface Counter {
  limit: SignInLimit;
  key: string;
}

/** An attempt counted before its password is checked; settle it once the answer is known. */
export interface SignInAttempt {
  counters: Counter[];
  /** The pauses this attempt started (it reached a limit): a success takes them back. */
  pauses: string[];
}

/**
 * The pause the `count`-th attempt in a window starts once a counter has reached its `limit`: 30
 * seconds at the limit, doubling with each attempt after it, never longer than the window.
 */
export function pauseAfter(count: number, limit: number): number {
  return Math.min(SIGN_IN_WINDOW_MINUTES * 60, FIRST_PAUSE_SECONDS * 2 ** Math.max(0, count - limit));
}

const pauseKey = (c: Counter) => `${c.key}:pause`;

const MESSAGES: Record<SignInLimit, (wait: string) => string> = {
  accountAndAddress: (wait) => `Too many failed attempts for this account from this network; try again in ${wait}, or ask an admin for a password reset link.`,
  address: (wait) => `Too many attempts from this network; try again in ${wait}.`,
  account: (wait) => `Too many failed attempts for this account; try again in ${wait}, or sign in from a browser you have used with this account before.`,
  device: (wait) => `Too many failed attempts from this browser; try again in ${wait}.`,
};

export class SignInThrottledError extends AppError {
  constructor(
    readonly limit: SignInLimit,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited:sign_in", MESSAGES[limit](describeWait(retryAfterSeconds)));
  }
}

function countersFor(email: string, client: SignInClient): Counter[] {
  const device = deviceIdFor(client.deviceToken, email);
  if (device) return [{ limit: "device", key: `sign-in:device:${device}` }];
  // Without an address (a caller outside any request) attempts share one bucket.
  const address = client.ip ? addressBucket(client.ip) : "unknown";
  return [
    { limit: "accountAndAddress", key: `sign-in:account-address:${email}|${address}` },
    { limit: "address", key: `sign-in:address:${address}` },
    { limit: "account", key: `sign-in:account:${email}` },
  ];
}

/** Refuses an attempt while any of its counters is paused, with the longest pause left. */
async function refuseWhilePaused(counters: Counter[]): Promise<void> {
  const paused = await peekHits(counters.map(pauseKey));
  if (paused.length === 0) return;
  const longest = paused.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
  throw new SignInThrottledError(counters.find((c) => pauseKey(c) === longest.key)!.limit, longest.resetSeconds);
}

/**
 * Refuses an attempt while one of its counters is paused; otherwise counts it before the password
 * is checked, and an attempt that brings a counter to its limit (or past it) starts that counter's
 * next pause at once, in one statement that only one of any number of concurrent attempts (from any
 * server process) can win: the others are taken back and refused, so a burst cannot all pass a check
 * first. Refused attempts check no password and count nowhere. `email` is the normalised email as
 * typed: unknown accounts are counted the same way.
 */
export async function beginSignInAttempt(email: string, client: SignInClient): Promise<SignInAttempt> {
  const counters = countersFor(email, client);
  await refuseWhilePaused(counters);
  const hits = await countHits(
    counters.map((c) => c.key),
    SIGN_IN_WINDOW_MINUTES * 60,
  );
  const hitOf = (c: Counter) => hits.find((h) => h.key === c.key) as Hit;
  const due = counters.filter((c) => hitOf(c).count >= SIGN_IN_LIMITS[c.limit]);
  const pauses = await startPauses(due.map((c) => ({ key: pauseKey(c), seconds: pauseAfter(hitOf(c).count, SIGN_IN_LIMITS[c.limit]) })));
  if (pauses.length < due.length) {
    await refundHits(counters.map((c) => c.key));
    await clearHits(pauses);
    await refuseWhilePaused(counters);
    // The pause that beat this attempt has already been taken back (its attempt succeeded): still refused, briefly.
    throw new SignInThrottledError(due[0]!.limit, FIRST_PAUSE_SECONDS);
  }
  return { counters, pauses };
}

/**
 * A rejected attempt stays counted as a failure, and a pause it started runs. An accepted one is
 * taken back with the pauses it started; it also clears its account-and-network (or device) count,
 * but not the account's count from everywhere, which an attacker elsewhere may have run up and a
 * success here does not make harmless.
 */
export async function settleSignInAttempt(attempt: SignInAttempt, accepted: boolean): Promise<void> {
  if (!accepted) return;
  const cleared = attempt.counters.filter((c) => c.limit === "accountAndAddress" || c.limit === "device");
  await clearHits([...cleared.map((c) => c.key), ...attempt.pauses]);
  await refundHits(attempt.counters.filter((c) => !cleared.includes(c)).map((c) => c.key));
}
