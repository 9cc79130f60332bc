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
