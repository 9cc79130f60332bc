import type { Role } from "@/db/schema";

/** Every operation in the product, as `resource:action`. The README's role table mirrors this file. */
export const SCOPES = [
  "documents:read",
  "documents:write",
  "documents:delete",
  "search:run",
  "search:feedback",
  "evaluations:manage",
  "corrections:read",
  "corrections:write",
  "corrections:review",
  "glossary:read",
  "glossary:write",
  "members:read",
  "members:invite",
  "members:manage",
  "members:manage_owners",
  "tenant:read",
  "tenant:settings",
  "tenant:rename",
  "tenant:delete",
  "tenant:export",
  "api_keys:read",
  "api_keys:manage",
  "audit:read",
  "dashboards:read",
  "retention:read",
  "retention:manage",
  "sso:manage",
] as const;

export type Scope = (typeof SCOPES)[number];

export const ROLES = ["owner", "admin", "member", "viewer"] as const satisfies readonly Role[];

const VIEWER: readonly Scope[] = [
  "documents:read",
  "search:run",
  "corrections:read",
  "glossary:read",
  "members:read",
  "tenant:read",
  "dashboards:read",
];

const MEMBER: readonly Scope[] = [
  ...VIEWER,
  "documents:write",
  "documents:delete",
  "search:feedback",
  "evaluations:manage",
  "corrections:write",
  "corrections:review",
  "glossary:write",
];

const ADMIN: readonly Scope[] = [
  ...MEMBER,
  "members:invite",
  "members:manage",
  "tenant:settings",
  "api_keys:read",
  "api_keys:manage",
  "audit:read",
  "retention:read",
];

const OWNER: readonly Scope[] = [
  ...ADMIN,
  "members:manage_owners",
  "tenant:rename",
  "tenant:delete",
  "tenant:export",
  "retention:manage",
  "sso:manage",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Scope>> = {
  owner: new Set(OWNER),
  admin: new Set(ADMIN),
  member: new Set(MEMBER),
  viewer: new Set(VIEWER),
};

/** Pure check shared by the server (which enforces it) and the UI (which mirrors it). */
export function can(role: Role, scope: Scope): boolean {
  return ROLE_PERMISSIONS[role].has(scope);
}

/** Order of authority, for rules such as "an admin cannot change an owner". */
export const ROLE_RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

/** Plain words for the Members page's "what each role can do" table. */
export const SCOPE_LABELS: Record<Scope, string> = {
  "documents:read": "View and download documents",
  "documents:write": "Upload and re-process documents",
  "documents:delete": "Delete documents",
  "search:run": "Search",
  "search:feedback": "Rate search results",
  "evaluations:manage": "Manage evaluation sets",
  "corrections:read": "View corrections",
  "corrections:write": "Add and edit corrections, clean transcripts",
  "corrections:review": "Approve or reject corrections",
  "glossary:read": "View the glossary",
  "glossary:write": "Edit the glossary",
  "members:read": "See members",
  "members:invite": "Invite members",
  "members:manage": "Change roles and remove members (not owners)",
  "members:manage_owners": "Grant, change and remove the owner role",
  "tenant:read": "See workspace settings",
  "tenant:settings": "Change processing settings",
  "tenant:rename": "Rename the workspace and change its address",
  "tenant:delete": "Delete the workspace",
  "tenant:export": "Export the workspace's data",
  "api_keys:read": "See API keys",
  "api_keys:manage": "Create and revoke API keys",
  "audit:read": "Read the audit log",
  "dashboards:read": "Read dashboards",
  "retention:read": "See retention periods",
  "retention:manage": "Change retention periods",
  "sso:manage": "Manage single sign-on rules and require it",
};
