export const AREAS = [
  { segment: "documents", label: "Documents" },
  { segment: "search", label: "Search" },
  { segment: "corrections", label: "Corrections" },
  { segment: "dashboard", label: "Dashboard" },
  { segment: "members", label: "Members" },
  { segment: "settings", label: "Settings" },
  { segment: "audit", label: "Audit" },
  { segment: "api", label: "API" },
] as const;

export type AreaSegment = (typeof AREAS)[number]["segment"];

