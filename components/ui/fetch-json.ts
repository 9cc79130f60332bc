import { REQUEST_WAIT_MS, TIMED_OUT_MESSAGE, UNREACHABLE_MESSAGE } from "./slow-notice";

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Fetches a console JSON route; errors carry the server's user-safe message and the status (0 when
 * no answer came: unreachable, or none within REQUEST_WAIT_MS).
 */
async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...init.headers }, signal: AbortSignal.timeout(REQUEST_WAIT_MS) });
  } catch (error) {
    throw new HttpError((error as Error).name === "TimeoutError" ? TIMED_OUT_MESSAGE : UNREACHABLE_MESSAGE, 0);
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) throw new HttpError(body?.error?.message ?? `The request failed (${response.status}).`, response.status);
  return body as T;
}

/** GETs a console JSON route. */
export function getJson<T>(url: string): Promise<T> {
  return requestJson<T>(url);
}

/** POSTs JSON to a console route. */
export function postJson<T>(url: string, body: unknown): Promise<T> {
  return requestJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}
