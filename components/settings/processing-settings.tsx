"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { requestReembed, updateChunking } from "@/app/(console)/t/[slug]/settings/actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { getJson } from "@/components/ui/fetch-json";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

interface ProcessingStatus {
  chunkSize: number;
  chunkOverlap: number;
  model: string;
  dimensions: number;
  totalChunks: number;
  staleChunks: number;
  reembedRequestedAt: string | null;
}

export function ProcessingSettings({ canEdit }: { canEdit: boolean }) {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const key = ["tenants", slug, "processing"];
  const status = useQuery({
    queryKey: key,
    queryFn: () => getJson<ProcessingStatus>(`/api/t/${slug}/processing`),
    // Follow a running re-embed until it is done.
    refetchInterval: (query) => (query.state.data?.reembedRequestedAt ? 1500 : false),
  });
  const reembed = useAction(requestReembed, { toastErrors: true });
  const data = status.data;
  const done = data ? data.totalChunks - data.staleChunks : 0;
  return (
    <section aria-labelledby="processing-heading" className="space-y-5 rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="processing-heading" className="text-lg font-semibold">
        Processing
      </h2>
      {status.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {status.isError && <p className="text-sm text-red-700">{status.error.message}</p>}
      {data && (
        <>
          <ChunkingForm initial={data} canEdit={canEdit} onSaved={() => queryClient.invalidateQueries({ queryKey: key })} />
          <div className="space-y-2 border-t border-slate-200 pt-4 text-sm">
            <p>
              Embedding model: <strong data-testid="embedding-model">{data.model}</strong> ({data.dimensions} dimensions)
            </p>
            <p data-testid="stale-chunks">
              {data.staleChunks === 0
                ? `All ${data.totalChunks} chunks are embedded by this model.`
                : `${data.staleChunks} of ${data.totalChunks} chunks were embedded by another model; semantic search skips them until they are re-embedded.`}
            </p>
            {data.reembedRequestedAt && data.totalChunks > 0 && (
              <div role="status">
                <progress className="h-2 w-full" value={done} max={data.totalChunks} aria-label="Re-embedding progress" />
                <p className="text-xs text-slate-500">
                  Re-embedding: {done} of {data.totalChunks} done. Search keeps working meanwhile.
                </p>
              </div>
            )}
            {canEdit && data.staleChunks > 0 && !data.reembedRequestedAt && (
              <Button
                variant="secondary"
                disabled={reembed.pending}
                onClick={async () => {
                  const result = await reembed.run({ tenant: slug });
                  if (result.ok) await queryClient.invalidateQueries({ queryKey: key });
                }}
              >
                Re-embed all
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function ChunkingForm({ initial, canEdit, onSaved }: { initial: ProcessingStatus; canEdit: boolean; onSaved: () => Promise<void> }) {
  const { slug } = useTenant();
  const [sizes, setSizes] = useState({ chunkSize: String(initial.chunkSize), chunkOverlap: String(initial.chunkOverlap) });
  const save = useAction(updateChunking);

  async function onSave(event: FormEvent) {
    event.preventDefault();
    const result = await save.run({ tenant: slug, chunkSize: Number(sizes.chunkSize), chunkOverlap: Number(sizes.chunkOverlap) });
    if (result.ok) {
      toast.success("Chunking saved. It applies to documents processed from now on; re-process older ones to apply it.");
      await onSaved();
    }
  }

  return (
    <form onSubmit={onSave} className="grid gap-4 sm:grid-cols-2">
      <Field label="Chunk size (tokens)" type="number" min={50} max={2000} value={sizes.chunkSize} disabled={!canEdit} onChange={(e) => setSizes({ ...sizes, chunkSize: e.target.value })} errors={save.fieldErrors.chunkSize} />
      <Field label="Overlap (tokens)" type="number" min={0} max={500} value={sizes.chunkOverlap} disabled={!canEdit} onChange={(e) => setSizes({ ...sizes, chunkOverlap: e.target.value })} errors={save.fieldErrors.chunkOverlap} />
      <div className="sm:col-span-2">
        <FormError message={save.error} />
        {canEdit && (
          <Button type="submit" className="mt-2" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save chunking"}
          </Button>
        )}
      </div>
    </form>
  );
}
