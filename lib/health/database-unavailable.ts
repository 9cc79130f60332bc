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

/**
 * SQLSTATEs of a server that is going away or not ready: class 08 (connection exception), admin and
 * crash shutdown, starting up. Not 08P01 (protocol violation): the embedded engine raises it for a
 * statement of its caller's, e.g. one with more than 65,535 parameters.
 */
const UNAVAILABLE_SQLSTATE = /^(08(?!P01)[0-9A-Z]{3}|57P0[123])$/;

/** Codes only postgres.js itself gives; a socket's codes (ECONNRESET…) can come from any socket. */
const POSTGRES_JS_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Whether a bare error is the driver's: one of postgres.js's own codes, an error it rejected a query
 * with (it adds `query`), or a failed connect (a transaction's BEGIN gets the socket's error as is;
 * HTTP calls go through fetch, which wraps such errors in its own).
 */
function isDriverError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return POSTGRES_JS_CODES.has(codeOf(error) ?? "") || "query" in error || (error as { syscall?: unknown }).syscall === "connect";
}

/** The driver's error: the cause Drizzle wrapped around a failed query, or a bare error of the driver's. */
function driverErrors(error: unknown): unknown[] {
  if (error instanceof DrizzleQueryError) return [error.cause];
  return isDriverError(error) ? [error] : [];
}

function hasUnavailableCode(error: unknown): boolean {
  const code = codeOf(error) ?? "";
  return CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code);
}

/**
 * True when a query failed because the database could not be reached, not because of the query.
 * Drizzle wraps a failed query with the driver's error as the cause; a transaction's begin or
 * commit fails with the driver's error itself. Other errors are not judged by their code alone, so
 * a refused HTTP call or a client that hung up is never mistaken for the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return driverErrors(error).some(hasUnavailableCode);
}
