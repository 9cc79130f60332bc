import { z } from "zod";
import { defineTenantAction } from "@/lib/api/define-action";
import { approveSuggestionsAtOrAbove, createCorrection, reportOutcome, reviewCorrections, updateCorrection } from "./corrections-service";
import { createGlossaryEntry, deleteGlossaryEntry, importGlossary, previewGlossaryImport, updateGlossaryEntry } from "./glossary-service";
import { bulkApproveSchema, correctionPatchSchema, glossaryCsvSchema, glossaryEntrySchema, newCorrectionSchema, type GlossaryEntryInput, outcomeSchema, reviewSchema } from "./schemas";

// Inputs also carry the workspace slug and ids; services get only their own fields.
const glossaryEntryOf = ({ entityText, entityType, authorityScore, sourceId }: GlossaryEntryInput): GlossaryEntryInput => ({ entityText, entityType, authorityScore, sourceId });

export const createCorrectionAction = defineTenantAction({
  name: "corrections.create",
  scope: "corrections:write",
  input: newCorrectionSchema,
  run: async ({ actor, input }) => {
    const { originalText, correctedText, status, confidence, source, context } = input;
    return { id: (await createCorrection({ actor, input: { originalText, correctedText, status, confidence, source, context } })).id };
  },
});

export const updateCorrectionAction = defineTenantAction({
  name: "corrections.update",
  scope: "corrections:write",
  input: correctionPatchSchema.extend({ id: z.uuid() }),
  run: async ({ actor, input }) => {
    const { originalText, correctedText, confidence, isEnabled, status } = input;
    return { id: (await updateCorrection({ actor, id: input.id, patch: { originalText, correctedText, confidence, isEnabled, status } })).id };
  },
});

export const reviewCorrectionsAction = defineTenantAction({
  name: "corrections.review",
  scope: "corrections:review",
  input: reviewSchema,
  run: ({ actor, input }) => reviewCorrections({ actor, input: { ids: input.ids, decision: input.decision, correctedText: input.correctedText } }),
});

export const approveSuggestionsAction = defineTenantAction({
  name: "corrections.approve_suggestions",
  scope: "corrections:review",
  input: bulkApproveSchema,
  run: ({ actor, input }) => approveSuggestionsAtOrAbove({ actor, input: { ids: input.ids, minConfidence: input.minConfidence } }),
});

export const reportOutcomeAction = defineTenantAction({
  name: "corrections.report_outcome",
  scope: "corrections:write",
  input: outcomeSchema.extend({ correctionId: z.uuid() }),
  run: async ({ actor, input }) => {
    const row = await reportOutcome({ actor, correctionId: input.correctionId, successful: input.successful, applicationId: input.applicationId });
    return { confidence: row.confidence, flagged: row.reviewReason !== null };
  },
});

export const createGlossaryEntryAction = defineTenantAction({
  name: "glossary.create",
  scope: "glossary:write",
  input: glossaryEntrySchema,
  run: async ({ actor, input }) => ({ id: (await createGlossaryEntry({ actor, input: glossaryEntryOf(input) })).id }),
});

export const updateGlossaryEntryAction = defineTenantAction({
  name: "glossary.update",
  scope: "glossary:write",
  input: glossaryEntrySchema.extend({ id: z.uuid() }),
  run: async ({ actor, input }) => ({ id: (await updateGlossaryEntry({ actor, id: input.id, input: glossaryEntryOf(input) })).id }),
});

export const deleteGlossaryEntryAction = defineTenantAction({
  name: "glossary.delete",
  scope: "glossary:write",
  input: z.object({ id: z.uuid() }),
  run: ({ actor, input }) => deleteGlossaryEntry({ actor, id: input.id }),
});

export const previewGlossaryImportAction = defineTenantAction({
  name: "glossary.preview_import",
  scope: "glossary:write",
  input: glossaryCsvSchema,
  run: ({ actor, input }) => previewGlossaryImport({ actor, csv: input.csv }),
});

export const importGlossaryAction = defineTenantAction({
  name: "glossary.import",
  scope: "glossary:write",
  input: glossaryCsvSchema,
  run: ({ actor, input }) => importGlossary({ actor, csv: input.csv }),
});
