import { defineTenantAction } from "@/lib/api/define-action";
import { previewRetention, setRetentionPolicies } from "./retention-service";
import { retentionPoliciesSchema, retentionProposalSchema } from "./schemas";

// Inputs also carry the workspace slug; services get only the periods.
export const updateRetentionAction = defineTenantAction({
  name: "retention.update",
  scope: "retention:manage",
  input: retentionPoliciesSchema,
  run: ({ actor, input: { evaluation_runs, audit_log, failed_documents } }) =>
    setRetentionPolicies({ actor, input: { evaluation_runs, audit_log, failed_documents } }),
});

export const previewRetentionAction = defineTenantAction({
  name: "retention.preview",
  scope: "retention:read",
  input: retentionProposalSchema,
  run: ({ actor, input: { evaluation_runs, audit_log, failed_documents } }) =>
    previewRetention({ actor, input: { evaluation_runs, audit_log, failed_documents } }),
});
