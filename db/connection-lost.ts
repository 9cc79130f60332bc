import { DrizzleQueryError } from "drizzle-orm";

/** The codes of an open connection whose socket is gone (a server's FATAL reaches the query as CONNECTION_CLOSED too). */
const LOST_CONNECTION_CODES = new Set(["CONNECTION_CLOSED", "ECONNRESET", "EPIPE"]);

/**
 * True when a query failed because its own, open connection closed (not because a new one could not
 * be made). Only a query's error counts: the transaction guard in ./connect.ts relies on the driver
 * failing that connection's transaction itself.
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof DrizzleQueryError)) return false;
  const code = (error.cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && LOST_CONNECTION_CODES.has(code);
}
