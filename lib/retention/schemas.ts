import { z } from "zod";
import { MAX_RETAIN_DAYS, MIN_RETAIN_DAYS } from "./resources";

const forever = "leave it blank to keep them forever";

const retainDays = z
  .number({ error: `Enter a whole number of days, or ${forever}.` })
  .int(`Use a whole number of days, or ${forever}.`)
  .min(MIN_RETAIN_DAYS, `Keep them at least ${MIN_RETAIN_DAYS} day, or ${forever}.`)
  .max(MAX_RETAIN_DAYS, `Keep them at most ${MAX_RETAIN_DAYS.toLocaleString("en")} days (10 years), or ${forever}.`)
  .nullable();

/** Every resource's period, as saved: null deletes the policy. */
export const retentionPoliciesSchema = z.object({
  evaluation_runs: retainDays,
  audit_log: retainDays,
  failed_documents: retainDays,
});

/** Periods to preview before saving; a resource left out is previewed with its saved period. */
export const retentionProposalSchema = retentionPoliciesSchema.partial();
export type RetentionProposal = z.infer<typeof retentionProposalSchema>;
