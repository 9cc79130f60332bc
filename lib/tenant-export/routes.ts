import { unlink } from "node:fs/promises";
import { z } from "zod";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { receiveUpload } from "@/lib/documents/receive-upload";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/storage";
import { startTenantExport } from "./export-service";
import { IMPORT_LIMITS } from "./format";
import { applyTenantImport, assertCanImport, previewTenantImport, type ImportPreview, type ImportResult } from "./import-service";

const exportQuery = z.object({
  /** `files=0` leaves the document originals out: a small archive, e.g. to import into another workspace. */
  files: z.enum(["0", "1"]).default("1"),
});

/** The workspace's data as a zip, streamed as it is written; an attachment, never cached. */
export const exportTenantRoute: TenantRouteDefinition<typeof exportQuery, Response> = {
  kind: "tenant",
  name: "tenant.export",
  scope: "tenant:export",
  input: exportQuery,
  run: async ({ actor, input, ctx }) => {
    const { stream, filename } = await startTenantExport({ actor, includeFiles: input.files === "1", ip: ctx.ip });
    return new Response(stream, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  },
};

const importQuery = z.object({
  dryRun: z.enum(["0", "1"]).default("0"),
});

/**
 * Multipart upload of an export archive in the field `file`: `?dryRun=1` answers what the import
 * would do; without it, the corrections and glossary are imported.
 */
export const importTenantRoute: TenantRouteDefinition<typeof importQuery, { preview: ImportPreview } | { imported: ImportResult }> = {
  kind: "tenant",
  name: "tenant.import",
  // A route names one scope; assertCanImport checks the others before the upload is read.
  scope: "corrections:write",
  input: importQuery,
  rawBody: true,
  run: async ({ actor, input, request }) => {
    assertCanImport(actor);
    let archivePath: string;
    try {
      archivePath = (await receiveUpload(request, { maxBytes: IMPORT_LIMITS.archiveBytes, tempPath: await getStorage().tempPath() })).tempPath;
    } catch (error) {
      if (error instanceof AppError && error.type === "too_large") {
        const limit = Math.round(IMPORT_LIMITS.archiveBytes / 1024 / 1024);
        throw new AppError("too_large:import", `The archive is larger than the ${limit} MB import limit. Export the other workspace without document files, then import that archive.`);
      }
      throw error;
    }
    try {
      return input.dryRun === "1" ? { preview: await previewTenantImport({ actor, archivePath }) } : { imported: await applyTenantImport({ actor, archivePath }) };
    } finally {
      await unlink(archivePath).catch(() => {});
    }
  },
};
