export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GETs a console JSON route; errors carry the server's user-safe message and the status. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) throw new HttpError(body?.error?.message ?? `The request failed (${response.status}).`, response.status);
  return body as T;
}

/** POSTs JSON to a console route; errors carry the server's user-safe message and the status. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  } catch {
    throw new HttpError("Could not reach the server. Check your connection and try again.", 0);
  }
  const parsed = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) throw new HttpError(parsed?.error?.message ?? `The request failed (${response.status}).`, response.status);
  return parsed as T;
}
