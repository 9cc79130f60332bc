import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { countHits, describeWait, peekHits } from "@/lib/rate-limits/counter";
import { addressBucket } from "@/lib/security/client-address";

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until a request is allowed again (when refused) or the window resets. */
  resetSeconds: number;
}

export class RateLimitedError extends AppError {
  constructor(
    readonly state: RateLimitState,
    message = `Too many requests: this key may make ${state.limit} a minute. Try again in ${state.resetSeconds} s.`,
  ) {
    super("rate_limited:api", message);
  }
}

/**
 * Counts one request against `caller` (an API key or user id) in a fixed one-minute window, in the
 * database, so every server instance counts against the same limit.
 */
export async function consumeRateLimit(caller: string): Promise<RateLimitState | null> {
  const perMinute = readEnv().API_RATE_LIMIT_PER_MINUTE;
  if (!perMinute) return null;
  const [hit] = await countHits([`api:${caller}`], 60);
  const state = { limit: perMinute, remaining: Math.max(0, perMinute - hit!.count), resetSeconds: hit!.resetSeconds };
  if (hit!.count > perMinute) throw new RateLimitedError(state);
  return state;
}

export function rateLimitHeaders(state: RateLimitState | null): Record<string, string> {
  if (!state) return {};
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.resetSeconds),
  };
}

/** Invalid API keys one address may present per window before it must wait. */
export const INVALID_KEYS_PER_ADDRESS = 20;
export const INVALID_KEY_WINDOW_MINUTES = 10;

const invalidKeysOf = (ip: string | undefined) => `api-invalid-key:${ip ? addressBucket(ip) : "unknown"}`;

/** Refuses any key from an address that has presented too many invalid ones lately, before the key is looked up. */
export async function assertKeyAttemptsAllowed(ip: string | undefined): Promise<void> {
  const [hit] = await peekHits([invalidKeysOf(ip)]);
  if (!hit || hit.count < INVALID_KEYS_PER_ADDRESS) return;
  throw new RateLimitedError(
    { limit: INVALID_KEYS_PER_ADDRESS, remaining: 0, resetSeconds: hit.resetSeconds },
    `Too many invalid API keys from this network; try again in ${describeWait(hit.resetSeconds)}. Check that your key was copied whole and is still active.`,
  );
}

/** Counts an invalid (unknown, revoked, expired or suspended) key presented from `ip`. */
export async function countInvalidKey(ip: string | undefined): Promise<void> {
  await countHits([invalidKeysOf(ip)], INVALID_KEY_WINDOW_MINUTES * 60);
}
