import { AppError } from "@/lib/errors";

/** The path of the first string (or key) holding U+0000, "" for the value itself; null when none does. */
export function findNulCharacter(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return path;
    const found = findNulCharacter(item, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000: every action and route input is refused here, naming the
 * field, rather than failing in the database as an internal error.
 */
export function assertNoNulCharacters(input: unknown): void {
  const path = findNulCharacter(input, "");
  if (path !== null) throw new AppError("bad_request:input", `${path || "input"}: text may not contain NUL (U+0000) characters.`);
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** What a refused NUL is told, wherever it was found. */
export const NUL_IN_TEXT = "Text may not contain NUL (U+0000) characters.";
type PathParams = Record<string, string | string[] | undefined>;

/**
 * A route request's address, checked before anything reads it: no control character in a path
 * parameter or in the workspace a request names (the path's slug, X-Tenant, `?tenant=`), since no
 * slug or id holds one, and no NUL in any query parameter. A 400 that names the parameter, never a
 * failed query (a NUL slug was a 500 that logged the whole query).
 */
export function assertCleanAddress(request: { url: string; headers: Headers }, params: PathParams): void {
  const query = new URL(request.url).searchParams;
  const workspace = [params.slug, request.headers.get("x-tenant"), ...query.getAll("tenant")].flat();
  if (workspace.some((value) => value && CONTROL_CHARACTER.test(value))) {
    throw new AppError("bad_request:tenant", "The workspace address may not contain control characters.");
  }
  for (const [name, value] of Object.entries(params)) {
    if ([value ?? []].flat().some((part) => CONTROL_CHARACTER.test(part))) throw new AppError("bad_request:input", "The address may not contain control characters.", { field: name });
  }
  for (const [name, value] of query) {
    if (name.includes("\u0000") || value.includes("\u0000")) throw new AppError("bad_request:input", NUL_IN_TEXT, { field: name.includes("\u0000") ? undefined : name });
  }
}
