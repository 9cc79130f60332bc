import type { Role } from "@/db/schema";
import { canImportTenantData } from "@/lib/tenant-export/access";
import { can } from "./permissions";

/**
 * The workspace's areas, each with who may open it. The navigation shows an area exactly when its
 * page opens (the page answers 404 otherwise), so no role is led to a page it cannot use.
 */
export const AREAS = [
  { segment: "documents", label: "Documents", opens: (role: Role) => can(role, "documents:read") },
  { segment: "search", label: "Search", opens: (role: Role) => can(role, "search:run") },
  { segment: "corrections", label: "Corrections", opens: (role: Role) => can(role, "corrections:read") },
  { segment: "dashboard", label: "Dashboard", opens: (role: Role) => can(role, "dashboards:read") },
  { segment: "members", label: "Members", opens: (role: Role) => can(role, "members:read") },
  // Something to change there: processing (admins and owners) or the corrections import (members).
  // A viewer would find only disabled fields.
  { segment: "settings", label: "Settings", opens: (role: Role) => can(role, "tenant:settings") || canImportTenantData(role) },
  { segment: "audit", label: "Audit", opens: (role: Role) => can(role, "audit:read") },
  // For programs, which need a key: shown to those who can see and create keys.
  { segment: "api", label: "API", opens: (role: Role) => can(role, "api_keys:read") },
] as const;

export type AreaSegment = (typeof AREAS)[number]["segment"];

export function canOpenArea(role: Role, segment: AreaSegment): boolean {
  return AREAS.find((area) => area.segment === segment)!.opens(role);
}

/** The areas a role may open, in navigation order. */
export function areasFor(role: Role) {
  return AREAS.filter((area) => area.opens(role));
}
