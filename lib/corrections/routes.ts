import { z } from "zod";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { csvResponse } from "@/lib/api/stream-csv";
import { AppError } from "@/lib/errors";
import { cleanContent, type CleanResponse } from "./clean-service";
import { createCorrection, getCorrectionHistory, listCorrections, reportOutcome, updateCorrection } from "./corrections-service";
import { createGlossaryEntry, exportGlossaryCsv, listGlossary } from "./glossary-service";
import { CLEAN_BODY_LIMIT, cleanSchema, correctionListSchema, correctionPatchSchema, glossaryEntrySchema, glossaryListSchema, newCorrectionSchema, outcomeSchema } from "./schemas";

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

function correctionId(params: Record<string, string | string[] | undefined>): string {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new AppError("not_found:correction", "That correction does not exist in this workspace.");
  return id.data;
}

export const listCorrectionsRoute: TenantRouteDefinition<typeof correctionListSchema, Result<typeof listCorrections>> = {
  kind: "tenant",
  name: "corrections.list",
  scope: "corrections:read",
  input: correctionListSchema,
  run: ({ actor, input }) => listCorrections({ actor, query: input }),
};

export const createCorrectionRoute: TenantRouteDefinition<typeof newCorrectionSchema, { correction: Result<typeof createCorrection> }> = {
  kind: "tenant",
  name: "corrections.create",
  scope: "corrections:write",
  input: newCorrectionSchema,
  status: 201,
  run: async ({ actor, input }) => ({ correction: await createCorrection({ actor, input }) }),
};

/** Edits, switches off or (with corrections:review) approves or rejects one correction. */
export const updateCorrectionRoute: TenantRouteDefinition<typeof correctionPatchSchema, { correction: Result<typeof updateCorrection> }> = {
  kind: "tenant",
  name: "corrections.update",
  scope: "corrections:write",
  input: correctionPatchSchema,
  run: async ({ actor, input, params }) => ({ correction: await updateCorrection({ actor, id: correctionId(params), patch: input }) }),
};

export const correctionOutcomeRoute: TenantRouteDefinition<typeof outcomeSchema, { correction: Result<typeof reportOutcome> }> = {
  kind: "tenant",
  name: "corrections.outcome",
  scope: "corrections:write",
  input: outcomeSchema,
  run: async ({ actor, input, params }) => ({ correction: await reportOutcome({ actor, correctionId: correctionId(params), ...input }) }),
};

const noInput = z.object({});

export const correctionHistoryRoute: TenantRouteDefinition<typeof noInput, Result<typeof getCorrectionHistory>> = {
  kind: "tenant",
  name: "corrections.history",
  scope: "corrections:read",
  input: noInput,
  run: ({ actor, params }) => getCorrectionHistory({ actor, id: correctionId(params) }),
};

export const cleanRoute: TenantRouteDefinition<typeof cleanSchema, CleanResponse> = {
  kind: "tenant",
  name: "corrections.clean",
  scope: "corrections:write",
  input: cleanSchema,
  maxBodyBytes: CLEAN_BODY_LIMIT,
  // Up to 20 MB of JSON: parsed and validated on a pool thread, like the cleaning itself.
  parseBodyOffThread: true,
  run: ({ actor, input, request }) => cleanContent({ actor, input, signal: request.signal }),
};

export const listGlossaryRoute: TenantRouteDefinition<typeof glossaryListSchema, Result<typeof listGlossary>> = {
  kind: "tenant",
  name: "glossary.list",
  scope: "glossary:read",
  input: glossaryListSchema,
  run: ({ actor, input }) => listGlossary({ actor, query: input }),
};

export const createGlossaryRoute: TenantRouteDefinition<typeof glossaryEntrySchema, { entry: Result<typeof createGlossaryEntry> }> = {
  kind: "tenant",
  name: "glossary.create",
  scope: "glossary:write",
  input: glossaryEntrySchema,
  status: 201,
  run: async ({ actor, input }) => ({ entry: await createGlossaryEntry({ actor, input }) }),
};

export const exportGlossaryRoute: TenantRouteDefinition<typeof noInput, Response> = {
  kind: "tenant",
  name: "glossary.export",
  scope: "glossary:read",
  input: noInput,
  run: async ({ actor, tenant }) => csvResponse(await exportGlossaryCsv({ actor }), `${tenant.slug}-glossary.csv`),
};
