import type { Role } from "@/db/schema";
import { ROLE_PERMISSIONS, ROLES, type Scope } from "@/lib/auth/permissions";

/**
 * What a key may be granted: the public API's operations. Managing members, keys, retention or the
 * workspace itself stays with people signed in, so a leaked key cannot entrench itself.
 */
export const API_KEY_SCOPES = [
  "documents:read",
  "documents:write",
  "documents:delete",
  "search:run",
  "search:feedback",
  "corrections:read",
  "corrections:write",
  "corrections:review",
  "glossary:read",
  "glossary:write",
  "dashboards:read",
] as const satisfies readonly Scope[];

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A role's key scopes: the "role" choice when creating a key. */
export const scopesOfRole = (role: Role): ApiKeyScope[] => API_KEY_SCOPES.filter((s) => ROLE_PERMISSIONS[role].has(s));

/**
 * The lowest role holding every scope of a key: services that reason about roles (who may review
 * corrections) see a key as that role, never more than its creator's.
 */
export function roleForScopes(scopes: readonly string[]): Role {
  const ascending = [...ROLES].reverse();
  const role = ascending.find((r) => scopes.every((s) => ROLE_PERMISSIONS[r].has(s as Scope)));
  // Never a silent owner: a key scope that no role holds is a mistake in API_KEY_SCOPES.
  if (!role) throw new Error(`no role holds every scope of ${scopes.join(", ")}`);
  return role;
}
