import * as accountActions from "@/lib/accounts/actions";
import * as apiKeyActions from "@/lib/api-keys/actions";
import { listApiKeysRoute } from "@/lib/api-keys/routes";
import { exportAuditRoute, listAuditRoute, listGlobalAuditRoute } from "@/lib/audit/routes";
import * as correctionActions from "@/lib/corrections/actions";
import {
  cleanRoute,
  correctionHistoryRoute,
  correctionOutcomeRoute,
  createCorrectionRoute,
  createGlossaryRoute,
  exportGlossaryRoute,
  listCorrectionsRoute,
  listGlossaryRoute,
  updateCorrectionRoute,
} from "@/lib/corrections/routes";
import * as documentActions from "@/lib/documents/actions";
import {
  deleteDocumentRoute,
  downloadDocumentRoute,
  getDocumentRoute,
  listChunksRoute,
  listDocumentsRoute,
  processingStatusRoute,
  uploadDocumentRoute,
} from "@/lib/documents/routes";
import * as adminActions from "@/lib/admin/actions";
import { listTenantsRoute, listUsersRoute } from "@/lib/admin/routes";
import * as memberActions from "@/lib/members/actions";
import * as retentionActions from "@/lib/retention/actions";
import { exportRunsRoute } from "@/lib/metrics/routes";
import { listInvitationsRoute, listMembersRoute } from "@/lib/members/routes";
import * as searchActions from "@/lib/search/actions";
import * as ssoActions from "@/lib/sso/actions";
import { getEvaluationRunRoute, getEvaluationSetRoute, listEvaluationSetsRoute, searchRoute } from "@/lib/search/routes";
import { exportTenantRoute, importTenantRoute } from "@/lib/tenant-export/routes";
import * as tenantActions from "@/lib/tenancy/actions";

/**
 * Every server action and browser JSON route, in one list, so access tests cover each one and a
 * new operation cannot be forgotten (a test compares this with the route files under app/api).
 */
export const ACTIONS = { ...accountActions, ...apiKeyActions, ...adminActions, ...correctionActions, ...documentActions, ...memberActions, ...retentionActions, ...searchActions, ...ssoActions, ...tenantActions };

export const isPublicApi = (path: string) => path.startsWith("/api/v1/");

/**
 * `allowed`: the status a permitted caller gets for the bare request the access tests send (an
 * unknown document id, an upload without a file), i.e. the request passed every access check.
 */
export const ROUTES = [
  { path: "/api/t/[slug]/members", method: "GET", def: listMembersRoute, allowed: 200 },
  { path: "/api/t/[slug]/invitations", method: "GET", def: listInvitationsRoute, allowed: 200 },
  { path: "/api/t/[slug]/documents", method: "GET", def: listDocumentsRoute, allowed: 200 },
  { path: "/api/t/[slug]/documents", method: "POST", def: uploadDocumentRoute, allowed: 400 },
  { path: "/api/t/[slug]/documents/[id]", method: "GET", def: getDocumentRoute, allowed: 404 },
  { path: "/api/t/[slug]/documents/[id]", method: "DELETE", def: deleteDocumentRoute, allowed: 404 },
  { path: "/api/t/[slug]/documents/[id]/chunks", method: "GET", def: listChunksRoute, allowed: 404 },
  { path: "/api/t/[slug]/documents/[id]/download", method: "GET", def: downloadDocumentRoute, allowed: 404 },
  { path: "/api/t/[slug]/processing", method: "GET", def: processingStatusRoute, allowed: 200 },
  { path: "/api/t/[slug]/search", method: "POST", def: searchRoute, allowed: 400 },
  { path: "/api/t/[slug]/evaluation-runs/[id]", method: "GET", def: getEvaluationRunRoute, allowed: 404 },
  { path: "/api/t/[slug]/evaluation-runs/export", method: "GET", def: exportRunsRoute, allowed: 200 },
  { path: "/api/t/[slug]/evaluation-sets", method: "GET", def: listEvaluationSetsRoute, allowed: 200 },
  { path: "/api/t/[slug]/evaluation-sets/[id]", method: "GET", def: getEvaluationSetRoute, allowed: 404 },
  { path: "/api/t/[slug]/corrections", method: "GET", def: listCorrectionsRoute, allowed: 200 },
  { path: "/api/t/[slug]/corrections/[id]/history", method: "GET", def: correctionHistoryRoute, allowed: 404 },
  { path: "/api/t/[slug]/clean", method: "POST", def: cleanRoute, allowed: 400 },
  { path: "/api/t/[slug]/glossary", method: "GET", def: listGlossaryRoute, allowed: 200 },
  { path: "/api/t/[slug]/glossary/export", method: "GET", def: exportGlossaryRoute, allowed: 200 },
  { path: "/api/t/[slug]/export", method: "GET", def: exportTenantRoute, allowed: 200 },
  { path: "/api/t/[slug]/import", method: "POST", def: importTenantRoute, allowed: 400 },
  { path: "/api/v1/documents", method: "GET", def: listDocumentsRoute, allowed: 200 },
  { path: "/api/v1/documents", method: "POST", def: uploadDocumentRoute, allowed: 400 },
  { path: "/api/v1/documents/[id]", method: "GET", def: getDocumentRoute, allowed: 404 },
  { path: "/api/v1/documents/[id]", method: "DELETE", def: deleteDocumentRoute, allowed: 404 },
  { path: "/api/v1/search", method: "POST", def: searchRoute, allowed: 400 },
  { path: "/api/v1/corrections", method: "GET", def: listCorrectionsRoute, allowed: 200 },
  { path: "/api/v1/corrections", method: "POST", def: createCorrectionRoute, allowed: 400 },
  { path: "/api/v1/corrections/[id]", method: "PATCH", def: updateCorrectionRoute, allowed: 404 },
  { path: "/api/v1/corrections/[id]/outcome", method: "POST", def: correctionOutcomeRoute, allowed: 400 },
  { path: "/api/v1/glossary", method: "GET", def: listGlossaryRoute, allowed: 200 },
  { path: "/api/v1/glossary", method: "POST", def: createGlossaryRoute, allowed: 400 },
  { path: "/api/v1/clean", method: "POST", def: cleanRoute, allowed: 400 },
  { path: "/api/t/[slug]/audit", method: "GET", def: listAuditRoute, allowed: 200 },
  { path: "/api/t/[slug]/api-keys", method: "GET", def: listApiKeysRoute, allowed: 200 },
  { path: "/api/t/[slug]/audit/export", method: "GET", def: exportAuditRoute, allowed: 200 },
  { path: "/api/admin/audit", method: "GET", def: listGlobalAuditRoute, allowed: 200 },
  { path: "/api/admin/users", method: "GET", def: listUsersRoute, allowed: 200 },
  { path: "/api/admin/tenants", method: "GET", def: listTenantsRoute, allowed: 200 },
] as const;
