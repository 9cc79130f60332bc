import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until a request is allowed again (when refused) or the window resets. */
  resetSeconds: number;
}

// One limiter per configured rate, so a changed setting takes effect without a restart.
const limiters = new Map<number, RateLimiterMemory>();

function limiterFor(perMinute: number): RateLimiterMemory {
  let limiter = limiters.get(perMinute);
  if (!limiter) {
    limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
    limiters.set(perMinute, limiter);
  }
  return limiter;
}

export class RateLimitedError extends AppError {
  constructor(readonly state: RateLimitState) {
    super("rate_limited:api", `Too many requests: this key may make ${state.limit} a minute. Try again in ${state.resetSeconds} s.`);
  }
}

/**
 * Counts one request against `caller` (an API key or user id) in a fixed one-minute window.
 * In process memory: behind several server instances each counts its own share.
 */
export async function consumeRateLimit(caller: string): Promise<RateLimitState | null> {
  const perMinute = readEnv().API_RATE_LIMIT_PER_MINUTE;
  if (!perMinute) return null;
  try {
    const res = await limiterFor(perMinute).consume(caller);
    return { limit: perMinute, remaining: res.remainingPoints, resetSeconds: Math.ceil(res.msBeforeNext / 1000) };
  } catch (refused) {
    if (!(refused instanceof RateLimiterRes)) throw refused;
    throw new RateLimitedError({ limit: perMinute, remaining: 0, resetSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) });
  }
}

export function rateLimitHeaders(state: RateLimitState | null): Record<string, string> {
  if (!state) return {};
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(state.remaining),
    "X-RateLimit-Reset": String(state.resetSeconds),
  };
}
