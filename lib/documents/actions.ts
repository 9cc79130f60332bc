import { z } from "zod";
import { defineTenantAction } from "@/lib/api/define-action";
import { deleteDocument, reprocessDocument } from "./documents-service";

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
