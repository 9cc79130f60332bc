import { unlink } from "node:fs/promises";
import { z } from "zod";
import { documentStatusEnum } from "@/db/schema";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertDocxWithinLimits, DocxTooLargeError } from "@/lib/ingest/docx-limits";
import { detectKind } from "@/lib/ingest/file-types";
import { ParseError } from "@/lib/ingest/parsers/types";
import { DOCUMENT_KINDS, SUPPORTED_DESCRIPTION } from "@/lib/ingest/kinds";
import { MAX_QUERY_CHARS } from "@/lib/search/limits";
import { getStorage } from "@/lib/storage";
import {
  createDocumentFromUpload,
  deleteDocument,
  DOCUMENT_SORTS,
  getDocument,
  listChunks,
  listDocuments,
  openOriginal,
} from "./documents-service";
import { getProcessingStatus } from "./processing-settings";
import { receiveUpload } from "./receive-upload";
import { EMPTY_UPLOAD_MESSAGE } from "./upload-limit";

const noInput = z.object({});
const idParam = z.uuid("That is not a document id.");

function documentId(params: Record<string, string | string[] | undefined>): string {
  const parsed = idParam.safeParse(params.id);
  if (!parsed.success) throw new AppError("not_found:document", "That document does not exist in this workspace.");
  return parsed.data;
}

const listQuery = z.object({
  status: z.enum(documentStatusEnum.enumValues).optional(),
  kind: z.enum(DOCUMENT_KINDS).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(DOCUMENT_SORTS).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const listDocumentsRoute: TenantRouteDefinition<typeof listQuery, Awaited<ReturnType<typeof listDocuments>>> = {
  kind: "tenant",
  name: "documents.list",
  scope: "documents:read",
  input: listQuery,
  run: ({ actor, input }) => listDocuments({ actor, query: { ...input, q: input.q || undefined } }),
};

/** The optional Idempotency-Key header: up to 255 visible ASCII characters, e.g. a UUID. */
function idempotencyKeyOf(headers: Headers): string | undefined {
  const value = headers.get("idempotency-key");
  if (value === null) return undefined;
  if (!/^[\x21-\x7E]{1,255}$/.test(value)) throw new AppError("bad_request:idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.");
  return value;
}

/** Multipart upload of one file in the field `file`; streamed to storage, typed by its content. */
export const uploadDocumentRoute: TenantRouteDefinition<typeof noInput, Awaited<ReturnType<typeof createDocumentFromUpload>>> = {
  kind: "tenant",
  name: "documents.upload",
  scope: "documents:write",
  input: noInput,
  rawBody: true,
  status: 201,
  run: async ({ actor, request }) => {
    // Checked before the body is read, so a bad header costs the client nothing but a retry.
    const idempotencyKey = idempotencyKeyOf(request.headers);
    const maxBytes = readEnv().MAX_UPLOAD_MB * 1024 * 1024;
    const received = await receiveUpload(request, { maxBytes, tempPath: await getStorage().tempPath() });
    // The temporary file goes whenever the upload is refused; a failed removal leaves only a temp file.
    const discard = () => unlink(received.tempPath).catch(() => {});
    if (received.size === 0) {
      await discard();
      throw new AppError("bad_request:empty", EMPTY_UPLOAD_MESSAGE);
    }
    const kind = await detectKind(received.head, received.filename, received.tempPath);
    if (!kind) {
      await discard();
      throw new AppError("unsupported_type:upload", `“${received.filename}” is not a supported type. Supported: ${SUPPORTED_DESCRIPTION}.`);
    }
    if (kind === "docx") {
      try {
        await assertDocxWithinLimits(received.tempPath);
      } catch (error) {
        await discard();
        if (error instanceof DocxTooLargeError) throw new AppError("too_large:upload", error.message);
        if (error instanceof ParseError) throw new AppError("bad_request:upload", error.message);
        throw error;
      }
    }
    const outcome = await createDocumentFromUpload({
      actor,
      upload: { filename: received.filename, kind, size: received.size, sha256: received.sha256, tempPath: received.tempPath },
      idempotencyKey,
    });
    return outcome.duplicate ? Response.json(outcome, { status: 200 }) : outcome;
  },
};

export const getDocumentRoute: TenantRouteDefinition<typeof noInput, Awaited<ReturnType<typeof getDocument>>> = {
  kind: "tenant",
  name: "documents.get",
  scope: "documents:read",
  input: noInput,
  run: ({ actor, params }) => getDocument({ actor, id: documentId(params) }),
};

export const deleteDocumentRoute: TenantRouteDefinition<typeof noInput, { deleted: true }> = {
  kind: "tenant",
  name: "documents.delete",
  scope: "documents:delete",
  input: noInput,
  run: async ({ actor, params }) => {
    await deleteDocument({ actor, id: documentId(params) });
    return { deleted: true };
  },
};

const chunksQuery = z.object({
  q: z.string().trim().max(200).optional(),
  /** The search that linked here: its words come marked in each chunk's `highlighted`. */
  highlight: z.string().trim().max(MAX_QUERY_CHARS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const listChunksRoute: TenantRouteDefinition<typeof chunksQuery, Awaited<ReturnType<typeof listChunks>>> = {
  kind: "tenant",
  name: "documents.chunks",
  scope: "documents:read",
  input: chunksQuery,
  run: ({ actor, params, input }) => listChunks({ actor, documentId: documentId(params), q: input.q || undefined, highlight: input.highlight || undefined, page: input.page, pageSize: input.pageSize }),
};

/** The original file, always as an attachment with its stored type: never rendered inline. */
export const downloadDocumentRoute: TenantRouteDefinition<typeof noInput, never> = {
  kind: "tenant",
  name: "documents.download",
  scope: "documents:read",
  input: noInput,
  run: async ({ actor, params }) => {
    const file = await openOriginal({ actor, id: documentId(params) });
    const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
    return new Response(file.stream, {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Length": String(file.size),
        "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  },
};

export const processingStatusRoute: TenantRouteDefinition<typeof noInput, Awaited<ReturnType<typeof getProcessingStatus>>> = {
  kind: "tenant",
  name: "documents.processing_status",
  scope: "tenant:read",
  input: noInput,
  run: ({ actor }) => getProcessingStatus({ actor }),
};
