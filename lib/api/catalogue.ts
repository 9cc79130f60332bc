import * as accountActions from "@/lib/accounts/actions";
import * as adminActions from "@/lib/admin/actions";
import { listTenantsRoute, listUsersRoute } from "@/lib/admin/routes";
import * as memberActions from "@/lib/members/actions";
import { listInvitationsRoute, listMembersRoute } from "@/lib/members/routes";
import * as tenantActions from "@/lib/tenancy/actions";

/**
 * Every server action and browser JSON route, in one list, so access tests cover each one and a
 * new operation cannot be forgotten (a test compares this with the route files under app/api).
 */
export const ACTIONS = { ...accountActions, ...adminActions, ...memberActions, ...tenantActions };

export const ROUTES = [
  { path: "/api/t/[slug]/members", method: "GET", def: listMembersRoute },
  { path: "/api/t/[slug]/invitations", method: "GET", def: listInvitationsRoute },
  { path: "/api/admin/users", method: "GET", def: listUsersRoute },
  { path: "/api/admin/tenants", method: "GET", def: listTenantsRoute },
] as const;
