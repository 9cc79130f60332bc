import type { Role } from "@/db/schema";
import { can, type Scope } from "@/lib/auth/permissions";

/**
 * Everything an import does, a member can already do by hand: add corrections, approve or reject
 * them, edit the glossary. So the import asks for exactly those scopes and no more. Pure, so the
 * settings page shows the import to the same roles the server lets through.
 */
const IMPORT_SCOPES = ["corrections:write", "corrections:review", "glossary:write"] as const satisfies readonly Scope[];

export function canImportTenantData(role: Role): boolean {
  return IMPORT_SCOPES.every((scope) => can(role, scope));
}
