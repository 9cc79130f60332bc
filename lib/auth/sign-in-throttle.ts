import { clearHits, countHits, describeWait, refundHits, type Hit } from "@/lib/rate-limits/counter";
import { AppError } from "@/lib/errors";
import { addressBucket } from "@/lib/security/client-address";
import { deviceIdFor } from "./device-cookie";

// Throttling that slows guessing without letting anyone lock a person out (OWASP's guidance):
// failures count per account and address and per address, so an attacker elsewhere never blocks
// the real user's network; per account across all addresses only for browsers that have not
// signed in to it before, since a browser with the account's device cookie counts on its own.

export const SIGN_IN_WINDOW_MINUTES = 15;

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
}

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

/**
 * Counts an attempt against its counters before the password is checked, in one statement, so
 * concurrent attempts (from any number of server processes) cannot slip past a limit together.
 * Over a limit, the attempt is taken back and refused with the longest wait among the limits it
 * hit. `email` is the normalised email as typed: unknown accounts are counted the same way.
 */
export async function beginSignInAttempt(email: string, client: SignInClient): Promise<SignInAttempt> {
  const counters = countersFor(email, client);
  const hits = await countHits(
    counters.map((c) => c.key),
    SIGN_IN_WINDOW_MINUTES * 60,
  );
  const hitOf = (c: Counter) => hits.find((h) => h.key === c.key) as Hit;
  const over = counters.filter((c) => hitOf(c).count > SIGN_IN_LIMITS[c.limit]);
  if (over.length === 0) return { counters };
  await refundHits(counters.map((c) => c.key));
  const worst = over.reduce((a, b) => (hitOf(b).resetSeconds > hitOf(a).resetSeconds ? b : a));
  throw new SignInThrottledError(worst.limit, hitOf(worst).resetSeconds);
}

/**
 * A rejected attempt stays counted as a failure. An accepted one is taken back; it also clears its
 * account-and-network (or device) count, but not the account's count from everywhere, which an
 * attacker elsewhere may have run up and a success here does not make harmless.
 */
export async function settleSignInAttempt(attempt: SignInAttempt, accepted: boolean): Promise<void> {
  if (!accepted) return;
  const cleared = attempt.counters.filter((c) => c.limit === "accountAndAddress" || c.limit === "device");
  await clearHits(cleared.map((c) => c.key));
  await refundHits(attempt.counters.filter((c) => !cleared.includes(c)).map((c) => c.key));
}
