"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, Copy, RotateCcw, UploadCloud, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useDropzone } from "react-dropzone";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatBytes } from "@/components/ui/format";
import { documentsKey } from "./api";
import { ACCEPT } from "./kinds";

type UploadState = "queued" | "uploading" | "done" | "duplicate" | "error" | "cancelled";

interface UploadItem {
  id: string;
  file: File;
  state: UploadState;
  progress: number;
  message?: string;
}

const PARALLEL_UPLOADS = 3;

/** One file over XMLHttpRequest: fetch cannot report upload progress. */
function sendFile(url: string, file: File, onProgress: (fraction: number) => void) {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; body: { duplicate?: boolean; message?: string; error?: { message?: string } } | null }>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The connection was lost during the upload."));
    xhr.onabort = () => reject(new DOMException("cancelled", "AbortError"));
  });
  const form = new FormData();
  form.append("file", file);
  xhr.open("POST", url);
  xhr.send(form);
  return { done, cancel: () => xhr.abort() };
}

export function UploadCenter() {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const cancels = useRef(new Map<string, () => void>());

  const update = useCallback((id: string, patch: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.id === id ? { ...i, ...patch } : i))), []);

  const start = useCallback(
    async (item: UploadItem) => {
      update(item.id, { state: "uploading", progress: 0, message: undefined });
      const upload = sendFile(`/api/t/${slug}/documents`, item.file, (progress) => update(item.id, { progress }));
      cancels.current.set(item.id, upload.cancel);
      try {
        const { status, body } = await upload.done;
        if (status === 201) update(item.id, { state: "done", progress: 1 });
        else if (status === 200 && body?.duplicate) update(item.id, { state: "duplicate", progress: 1, message: body.message ?? "Already in this workspace: the existing document was kept." });
        else update(item.id, { state: "error", message: body?.error?.message ?? `The upload failed (${status}).` });
      } catch (error) {
        const cancelled = error instanceof DOMException && error.name === "AbortError";
        update(item.id, cancelled ? { state: "cancelled", message: "Cancelled." } : { state: "error", message: (error as Error).message });
      } finally {
        cancels.current.delete(item.id);
        await queryClient.invalidateQueries({ queryKey: documentsKey(slug) });
      }
    },
    [queryClient, slug, update],
  );

  // Keep up to PARALLEL_UPLOADS running; the rest wait their turn.
  useEffect(() => {
    const running = items.filter((i) => i.state === "uploading").length;
    items
      .filter((i) => i.state === "queued")
      .slice(0, Math.max(0, PARALLEL_UPLOADS - running))
      .forEach((i) => void start(i));
  }, [items, start]);

  const onDrop = useCallback((files: File[]) => {
    setItems((all) => [...all, ...files.map((file) => ({ id: crypto.randomUUID(), file, state: "queued" as const, progress: 0 }))]);
  }, []);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({ onDrop, noClick: true, multiple: true });

  const counts = {
    done: items.filter((i) => i.state === "done").length,
    duplicate: items.filter((i) => i.state === "duplicate").length,
    failed: items.filter((i) => i.state === "error").length,
    active: items.filter((i) => i.state === "queued" || i.state === "uploading").length,
  };

  return (
    <section aria-labelledby="upload-heading" className="space-y-3">
      <h2 id="upload-heading" className="sr-only">
        Upload documents
      </h2>
      <div
        {...getRootProps()}
        className={cn(
          "flex flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed px-6 py-8 text-center transition-colors",
          isDragActive ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white",
        )}
      >
        <input {...getInputProps({ "aria-label": "Choose files to upload" })} accept={Object.values(ACCEPT).flat().join(",")} />
        <UploadCloud aria-hidden className="size-8 text-slate-400" />
        <p className="text-sm text-slate-700">{isDragActive ? "Drop the files to upload them" : "Drag files here, or"}</p>
        <Button variant="secondary" onClick={open}>
          Choose files
        </Button>
        <p className="text-xs text-slate-500">PDF, Word, Markdown, text, HTML, CSV, JSON, SRT, WebVTT, and PNG, JPEG, TIFF or WebP images (their text is read by OCR). Several at once are fine.</p>
      </div>

      {items.length > 0 && (
        <div className="rounded-xl border border-slate-200 bg-white">
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 text-sm">
            <span role="status" className="text-slate-700">
              {counts.active > 0 ? `Uploading ${counts.active} file(s)… ` : ""}
              {counts.done} uploaded{counts.duplicate ? `, ${counts.duplicate} already present` : ""}
              {counts.failed ? `, ${counts.failed} failed` : ""}
            </span>
            {counts.active === 0 && (
              <Button variant="ghost" onClick={() => setItems([])}>
                Clear list
              </Button>
            )}
          </div>
          <ul className="divide-y divide-slate-100">
            {items.map((item) => (
              <li key={item.id} className="flex items-center gap-3 px-4 py-2.5 text-sm" data-testid={`upload-${item.file.name}`} data-state={item.state}>
                <span className="w-5 shrink-0">
                  {item.state === "done" && <CheckCircle2 aria-label="uploaded" className="size-4 text-emerald-600" />}
                  {item.state === "duplicate" && <Copy aria-label="already present" className="size-4 text-slate-500" />}
                  {(item.state === "error" || item.state === "cancelled") && <CircleAlert aria-label="not uploaded" className="size-4 text-red-600" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-slate-900">{item.file.name}</span>
                  {item.message ? (
                    <span className={cn("block text-xs", item.state === "error" ? "text-red-700" : "text-slate-500")}>{item.message}</span>
                  ) : (
                    <span className="block text-xs text-slate-500">{formatBytes(item.file.size)}</span>
                  )}
                </span>
                <span className="w-40 shrink-0">
                  {(item.state === "uploading" || item.state === "queued") && (
                    <progress
                      className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-indigo-600"
                      value={Math.round(item.progress * 100)}
                      max={100}
                      aria-label={`Upload progress of ${item.file.name}`}
                    />
                  )}
                </span>
                {item.state === "uploading" || item.state === "queued" ? (
                  <Button variant="ghost" aria-label={`Cancel ${item.file.name}`} onClick={() => (cancels.current.get(item.id)?.() ?? update(item.id, { state: "cancelled", message: "Cancelled." }))}>
                    <X aria-hidden className="size-4" />
                  </Button>
                ) : item.state === "error" || item.state === "cancelled" ? (
                  <Button variant="ghost" aria-label={`Retry ${item.file.name}`} onClick={() => update(item.id, { state: "queued", progress: 0, message: undefined })}>
                    <RotateCcw aria-hidden className="size-4" />
                  </Button>
                ) : (
                  <span className="w-9" />
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
