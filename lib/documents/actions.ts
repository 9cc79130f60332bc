import { z } from "zod";
import { defineTenantAction } from "@/lib/api/define-action";
import { AppError } from "@/lib/errors";
import { deleteDocument, reprocessDocument } from "./documents-service";
import { requestReembed, updateChunking, updateOcr } from "./processing-settings";

export const deleteDocumentAction = defineTenantAction({
  name: "documents.delete",
  scope: "documents:delete",
  input: z.object({ documentId: z.uuid() }),
  run: ({ actor, input }) => deleteDocument({ actor, id: input.documentId }),
});

export const reprocessDocumentAction = defineTenantAction({
  name: "documents.reprocess",
  scope: "documents:write",
  input: z.object({ documentId: z.uuid() }),
  run: ({ actor, input }) => reprocessDocument({ actor, id: input.documentId }),
});

export const updateChunkingAction = defineTenantAction({
  name: "documents.update_chunking",
  scope: "tenant:settings",
  input: z.object({
    chunkSize: z.number().int().min(50, "Use at least 50 tokens.").max(2000, "Use at most 2,000 tokens."),
    chunkOverlap: z.number().int().min(0, "Overlap cannot be negative.").max(500, "Use at most 500 tokens of overlap."),
  }),
  run: ({ actor, input }) => {
    // A cross-field rule: refinements would stop the wrapper from adding the tenant field.
    if (input.chunkOverlap >= input.chunkSize / 2) throw new AppError("bad_request:chunking", "Keep the overlap under half the chunk size.");
    return updateChunking({ actor, ...input });
  },
});

export const updateOcrAction = defineTenantAction({
  name: "documents.update_ocr",
  scope: "tenant:settings",
  input: z.object({ enabled: z.boolean(), language: z.string().regex(/^[a-z]{3}(?:_[a-z]+)?$/, "Choose one of the listed languages.") }),
  run: ({ actor, input }) => updateOcr({ actor, ...input }),
});

export const requestReembedAction = defineTenantAction({
  name: "documents.reembed_all",
  scope: "tenant:settings",
  input: z.object({}),
  run: ({ actor }) => requestReembed({ actor }),
});
