"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { requestReembed, updateChunking, updateOcr, updateTextLanguage } from "@/app/(console)/t/[slug]/settings/actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { getJson } from "@/components/ui/fetch-json";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { TEXT_CONFIGS, type TextConfig } from "@/lib/search/ranking-settings";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface ProcessingStatus {
  chunkSize: number;
  chunkOverlap: number;
  model: string;
  dimensions: number;
  totalChunks: number;
  staleChunks: number;
  reembedRequestedAt: string | null;
  textConfig: string;
  pendingTextChunks: number;
  concepts: { minChunks: number; model: { chunks: number; dimensions: number; fittedAt: string } | null } | null;
  ocr: { enabled: boolean; language: string; languages: { code: string; name: string }[] };
}

export function ProcessingSettings({ canEdit }: { canEdit: boolean }) {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const key = ["tenants", slug, "processing"];
  const status = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: key,
    queryFn: () => getJson<ProcessingStatus>(`/api/t/${slug}/processing`),
    // Follow a running re-embed or re-index until it is done.
    refetchInterval: (query) => (query.state.data?.reembedRequestedAt || query.state.data?.pendingTextChunks ? 1500 : false),
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
          <TextLanguageForm status={data} canEdit={canEdit} onSaved={() => queryClient.invalidateQueries({ queryKey: key })} />
          <OcrForm status={data} canEdit={canEdit} onSaved={() => queryClient.invalidateQueries({ queryKey: key })} />
          <div className="space-y-2 border-t border-slate-200 pt-4 text-sm">
            <p>
              Embedding model: <strong data-testid="embedding-model">{data.model}</strong> ({data.dimensions} dimensions)
            </p>
            {data.concepts && (
              <p data-testid="concept-model">
                {data.concepts.model
                  ? `Concept model: fitted on ${data.concepts.model.chunks} chunks on ${new Date(data.concepts.model.fittedAt).toLocaleString()} (${data.concepts.model.dimensions} dimensions). Hybrid search uses it to match related words, and it is refitted as the workspace grows.`
                  : `Concept model: fitted by the worker once the workspace has ${data.concepts.minChunks} chunks (it has ${data.totalChunks}). Until then hybrid search matches wording only.`}
              </p>
            )}
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

const languageName = (config: string) => (config === "simple" ? "Simple (no stemming; mixed languages)" : config[0]!.toUpperCase() + config.slice(1));

/** The language full-text search stems words in; changing it re-indexes every chunk in the background. */
function TextLanguageForm({ status, canEdit, onSaved }: { status: ProcessingStatus; canEdit: boolean; onSaved: () => Promise<void> }) {
  const { slug } = useTenant();
  const [textConfig, setTextConfig] = useState(status.textConfig);
  const save = useAction(updateTextLanguage);
  const done = status.totalChunks - status.pendingTextChunks;

  async function onSave(event: FormEvent) {
    event.preventDefault();
    const result = await save.run({ tenant: slug, textConfig: textConfig as TextConfig });
    if (result.ok) {
      toast.success(`Full-text search now uses ${languageName(textConfig)}. Passages are re-indexed in the background.`);
      await onSaved();
    }
  }

  return (
    <form onSubmit={onSave} className="space-y-2 border-t border-slate-200 pt-4 text-sm">
      <label htmlFor="text-language" className="block font-medium">
        Text language
      </label>
      <p className="text-slate-600">Full-text search reduces words to their stem in this language and leaves out its most common words.</p>
      <div className="flex flex-wrap items-center gap-2">
        <Select id="text-language" value={textConfig} disabled={!canEdit} onChange={(e) => setTextConfig(e.target.value)}>
          {TEXT_CONFIGS.map((c) => (
            <option key={c} value={c}>
              {languageName(c)}
            </option>
          ))}
        </Select>
        {canEdit && (
          <Button type="submit" variant="secondary" disabled={save.pending || textConfig === status.textConfig}>
            {save.pending ? "Saving…" : "Save language"}
          </Button>
        )}
      </div>
      <FormError message={save.error} />
      {status.pendingTextChunks > 0 && (
        <div role="status" data-testid="reindex-progress">
          <progress className="h-2 w-full" value={done} max={status.totalChunks} aria-label="Re-indexing progress" />
          <p className="text-xs text-slate-600">
            Re-indexing in {languageName(status.textConfig)}: {done} of {status.totalChunks} passages done. Search keeps working meanwhile.
          </p>
        </div>
      )}
    </form>
  );
}

/** Reading text from scanned PDF pages and images (OCR), and its language: for documents processed from now on. */
function OcrForm({ status, canEdit, onSaved }: { status: ProcessingStatus; canEdit: boolean; onSaved: () => Promise<void> }) {
  const { slug } = useTenant();
  const [enabled, setEnabled] = useState(status.ocr.enabled);
  const [language, setLanguage] = useState(status.ocr.language);
  const save = useAction(updateOcr);
  const changed = enabled !== status.ocr.enabled || language !== status.ocr.language;

  async function onSave(event: FormEvent) {
    event.preventDefault();
    const result = await save.run({ tenant: slug, enabled, language });
    if (result.ok) {
      toast.success("Saved. It applies to documents processed from now on; re-process older scans and images to apply it.");
      await onSaved();
    }
  }

  return (
    <form onSubmit={onSave} className="space-y-2 border-t border-slate-200 pt-4 text-sm">
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} />
        Read text from images (OCR)
      </label>
      <p className="text-slate-600">Scanned PDF pages and PNG, JPEG, TIFF and WebP files are read on this server; nothing is sent elsewhere. Off, images are refused and scanned PDFs need a text layer.</p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="ocr-language" className="font-medium">
          OCR language
        </label>
        <Select id="ocr-language" value={language} disabled={!canEdit || !enabled} onChange={(e) => setLanguage(e.target.value)}>
          {status.ocr.languages.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </Select>
        {canEdit && (
          <Button type="submit" variant="secondary" disabled={save.pending || !changed}>
            {save.pending ? "Saving…" : "Save OCR"}
          </Button>
        )}
      </div>
      <FormError message={save.error} />
    </form>
  );
}
