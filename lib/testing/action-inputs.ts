import type { Role } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/session";

/** The rows an action's valid input points at, so a leaked or permitted call really changes something. */
export interface ActionFixture {
  slug: string;
  tenantName: string;
  invitationId: string;
  documentId: string;
  runId: string;
  setId: string;
  itemId: string;
  correctionId: string;
  glossaryId: string;
  apiKeyId: string;
  ssoRuleId: string;
  people: Record<Role | "outsider" | "superuser" | "inactive", SessionUser>;
}

// One minimal, valid input per action, aimed at real rows, so that a refusal that leaked through
// would actually change something the snapshot sees. Every action in ACTIONS must have an entry.
export const VALID_INPUT: Record<string, (f: ActionFixture) => Record<string, unknown>> = {
  // tenant actions
  "members.invite": () => ({ email: "newcomer@example.test", role: "viewer" }),
  "members.revoke_invitation": (f) => ({ invitationId: f.invitationId }),
  "members.resend_invitation": (f) => ({ invitationId: f.invitationId }),
  "members.change_role": (f) => ({ userId: f.people.member.id, role: "admin" }),
  "members.remove": (f) => ({ userId: f.people.member.id }),
  "members.leave": () => ({}),
  "tenants.rename": () => ({ name: "Hijacked", slug: "hijacked" }),
  "tenants.delete": (f) => ({ confirmName: f.tenantName }),
  "documents.delete": (f) => ({ documentId: f.documentId }),
  "documents.reprocess": (f) => ({ documentId: f.documentId }),
  "documents.update_chunking": () => ({ chunkSize: 300, chunkOverlap: 30 }),
  "documents.update_ocr": () => ({ enabled: false, language: "eng" }),
  "search.rate_result": (f) => ({ runId: f.runId, documentId: f.documentId, rating: "thumbs_down" }),
  "search.comment": (f) => ({ runId: f.runId, comment: "wrong answer" }),
  "evaluation_sets.create": () => ({ name: "Leaked set" }),
  "evaluation_sets.delete": (f) => ({ setId: f.setId }),
  "evaluation_sets.add_item": (f) => ({ setId: f.setId, query: "q", documentIds: [f.documentId] }),
  "evaluation_sets.delete_item": (f) => ({ itemId: f.itemId }),
  "evaluation_sets.run": (f) => ({ setId: f.setId }),
  "ranking.tune": (f) => ({ setId: f.setId }),
  "search.update_text_language": () => ({ textConfig: "simple" }),
  "ranking.apply": () => ({ ranking: { k1: 0.9, b: 0.5, prf: false, fusion: "convex", alpha: 0.35 } }),
  "documents.reembed_all": () => ({}),
  "corrections.create": () => ({ originalText: "leaked", correctedText: "Leaked" }),
  "corrections.update": (f) => ({ id: f.correctionId, correctedText: "Hijacked" }),
  "corrections.review": (f) => ({ ids: [f.correctionId], decision: "approve" }),
  "corrections.approve_suggestions": (f) => ({ ids: [f.correctionId], minConfidence: 0 }),
  "corrections.report_outcome": (f) => ({ correctionId: f.correctionId, successful: false }),
  "glossary.create": () => ({ entityText: "Leaked Name", entityType: "person" }),
  "glossary.update": (f) => ({ id: f.glossaryId, entityText: "Hijacked", entityType: "person" }),
  "glossary.delete": (f) => ({ id: f.glossaryId }),
  "glossary.preview_import": () => ({ csv: "entity_text,entity_type\nLeaked,person\n" }),
  "glossary.import": () => ({ csv: "entity_text,entity_type\nLeaked,person\n" }),
  "api_keys.create": () => ({ name: "Leaked key", scopes: ["search:run"] }),
  "api_keys.revoke": (f) => ({ id: f.apiKeyId }),
  "retention.update": () => ({ evaluation_runs: 30, audit_log: null, failed_documents: 7 }),
  "retention.preview": () => ({ evaluation_runs: 1 }),
  "sso.add_rule": () => ({ kind: "email_domain", value: "leaked.example", role: "admin" }),
  "sso.remove_rule": (f) => ({ id: f.ssoRuleId }),
  // Turning the requirement off needs no SSO session; turning it on does (sso-rules-service.test.ts).
  "sso.set_required": () => ({ required: false }),
  // user actions
  "tenants.create": () => ({ name: "Brand new", slug: "brand-new" }),
  "accounts.update_profile": () => ({ fullName: "Renamed Person" }),
  "accounts.change_password": () => ({ currentPassword: "correct horse battery", newPassword: "another long phrase" }),
  "invitations.accept": () => ({ token: "x".repeat(43) }),
  "admin.set_user_active": (f) => ({ userId: f.people.member.id, active: false }),
  "admin.set_superuser": (f) => ({ userId: f.people.member.id, value: true }),
  "admin.issue_password_reset": (f) => ({ userId: f.people.member.id }),
  // public actions
  "accounts.sign_up": () => ({ email: "signup@example.test", fullName: "Sign Up", password: "a long passphrase" }),
  "invitations.accept_new_user": () => ({ token: "y".repeat(43), fullName: "New Person", password: "a long passphrase" }),
  "accounts.reset_password": () => ({ token: "z".repeat(43), password: "a long passphrase" }),
  "accounts.request_password_reset": () => ({ email: "forgot@example.test" }),
};
