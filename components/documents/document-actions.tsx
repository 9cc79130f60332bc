"use client";

import { Download, RotateCcw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { deleteDocument, reprocessDocument } from "@/app/(console)/t/[slug]/documents/actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAction } from "@/components/ui/use-action";
import type { DocumentStatus } from "@/db/schema";

export function DocumentActions({ documentId, filename, status, canWrite, canDelete }: { documentId: string; filename: string; status: DocumentStatus; canWrite: boolean; canDelete: boolean }) {
  const { slug } = useTenant();
  const router = useRouter();
  const remove = useAction(deleteDocument, { toastErrors: true });
  const reprocess = useAction(reprocessDocument, { toastErrors: true });
  return (
    <div className="flex flex-wrap gap-2">
      <a href={`/api/t/${slug}/documents/${documentId}/download`} className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
        <Download aria-hidden className="size-4" />
        Download original
      </a>
      {canWrite && (status === "completed" || status === "failed") && (
        <Button
          variant="secondary"
          disabled={reprocess.pending}
          onClick={async () => {
            const result = await reprocess.run({ tenant: slug, documentId });
            if (result.ok) {
              toast.success("Queued for processing again.");
              router.refresh();
            }
          }}
        >
          <RotateCcw aria-hidden className="size-4" />
          Re-process
        </Button>
      )}
      {canDelete && (
        <ConfirmDialog
          trigger={
            <Button variant="danger">
              <Trash2 aria-hidden className="size-4" />
              Delete
            </Button>
          }
          title={`Delete ${filename}?`}
          description="Its chunks and the stored file are removed, and it no longer appears in search. This cannot be undone."
          confirmLabel="Delete document"
          onConfirm={async () => {
            const result = await remove.run({ tenant: slug, documentId });
            if (result.ok) {
              toast.success(`${filename} was deleted.`);
              router.push(`/t/${slug}/documents`);
              router.refresh();
            }
            return result.ok;
          }}
        />
      )}
    </div>
  );
}
