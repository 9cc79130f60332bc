import { DrizzleQueryError } from "drizzle-orm";

/**
 * Codes postgres.js puts on an error when it cannot reach the server or loses the connection: the
 * socket's own (refused, reset, unreachable, unresolvable) and its CONNECTION_* / CONNECT_TIMEOUT.
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** SQLSTATEs of a server that is going away or not ready: class 08 (connection exception), admin and crash shutdown, starting up. */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;

/** The codes of an open connection whose socket is gone (a server's FATAL reaches the query as CONNECTION_CLOSED too). */
const LOST_CONNECTION_CODES = new Set(["CONNECTION_CLOSED", "ECONNRESET", "EPIPE"]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The driver's error: the error itself, or the cause Drizzle wrapped it in. */
const driverErrors = (error: unknown) => (error instanceof DrizzleQueryError ? [error, error.cause] : [error]);

function hasUnavailableCode(error: unknown): boolean {
  const code = codeOf(error) ?? "";
  return CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code);
}

/**
 * True when a query failed because the database could not be reached, not because of the query.
 * Drizzle wraps a failed query with the driver's error as the cause; a transaction's begin or
 * commit fails with the driver's error itself. Other causes are not followed, so an HTTP call that
 * was refused (an embedding provider, say) is never mistaken for the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return driverErrors(error).some(hasUnavailableCode);
}

/** True when a query failed because its own, open connection closed (not because a new one could not be made). */
export function isConnectionLost(error: unknown): boolean {
  return driverErrors(error).some((e) => LOST_CONNECTION_CODES.has(codeOf(e) ?? ""));
}
