/**
 * Pure rules of the upload card: which failures are worth a retry, and how long a file still has to
 * go. Kept apart from the component so they can be tested without a browser.
 */

/** What came back from one attempt: an HTTP status, or no answer at all (the connection failed). */
export type UploadFailure = { status: number } | { network: true };

/**
 * Whether the same file sent again may succeed: a lost connection, a timeout, "too many requests"
 * or a server error may pass next time; any other 4xx refuses the file itself (type, size,
 * duplicate, permissions) and will refuse it again.
 */
export function isRetryable(failure: UploadFailure): boolean {
  if ("network" in failure) return true;
  const { status } = failure;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** No estimate before this much time or data: the first progress events say little about the speed. */
const MIN_ELAPSED_MS = 750;

/**
 * Seconds left at the average speed since the upload started, or null while there is too little to
 * go on (or nothing left to send).
 */
export function estimateSecondsLeft({ loaded, total, elapsedMs }: { loaded: number; total: number; elapsedMs: number }): number | null {
  if (elapsedMs < MIN_ELAPSED_MS || loaded <= 0 || total <= 0 || loaded >= total) return null;
  const bytesPerMs = loaded / elapsedMs;
  return (total - loaded) / bytesPerMs / 1000;
}

/** "about 40 s left", "about 3 min left", "about 1 h 5 min left"; rounded so the figure does not flicker. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 5) return "a few seconds left";
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h${rest ? ` ${rest} min` : ""} left`;
}

/** The line under a file while it is being sent: "42% · about 10 s left". */
export function describeProgress({ loaded, total, elapsedMs }: { loaded: number; total: number; elapsedMs: number }): string {
  if (total > 0 && loaded >= total) return "100% · waiting for the server to accept it…";
  const percent = total > 0 ? Math.floor((loaded / total) * 100) : 0;
  const left = estimateSecondsLeft({ loaded, total, elapsedMs });
  return left === null ? `${percent}% · estimating time left…` : `${percent}% · ${formatTimeLeft(left)}`;
}
