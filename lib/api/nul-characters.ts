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
