"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert, CircleSlash, Clock, Copy, FileUp, RotateCcw, UploadCloud, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useDropzone } from "react-dropzone";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatBytes, plural } from "@/components/ui/format";
import { EMPTY_UPLOAD_MESSAGE, uploadTooLargeMessage } from "@/lib/documents/upload-limit";
import { refetchDocuments } from "./api";
import { ACCEPT } from "./kinds";
import { describeProgress, isRetryable, type UploadFailure } from "./upload-progress";

/**
 * "done" means the server has the file and queued it: whether it is then read and indexed is the
 * documents table's to say, so the row never claims more than "sent".
 */
type UploadState = "queued" | "uploading" | "done" | "duplicate" | "error" | "cancelled";

interface UploadItem {
  id: string;
  file: File;
  state: UploadState;
  /** Bytes of the request body sent so far, of `total` (the file plus its multipart envelope). */
  loaded: number;
  total: number;
  /** When sending began and when progress was last reported (performance.now()), for the time left. */
  startedAt: number;
  elapsedMs: number;
  message?: string;
  /** A failure that may pass if the same file is sent again. */
  retryable?: boolean;
}

type UploadBody = { duplicate?: boolean; message?: string; error?: { message?: string } } | null;

const PARALLEL_UPLOADS = 3;

/** One file over XMLHttpRequest: fetch cannot report upload progress. */
function sendFile(url: string, file: File, onProgress: (loaded: number, total: number) => void) {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; body: UploadBody }>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The connection was lost while sending the file."));
    xhr.onabort = () => reject(new DOMException("cancelled", "AbortError"));
  });
  const form = new FormData();
  form.append("file", file);
  xhr.open("POST", url);
  xhr.send(form);
  return { done, cancel: () => xhr.abort() };
}

/** What a failed answer says to the person, when the server sent no message of its own. */
function fallbackMessage(status: number): string {
  if (status === 429) return "Too many uploads at once. Wait a moment, then retry.";
  if (status >= 500 || status === 0) return `The server could not take the file just now (${status || "no answer"}). Retry in a moment.`;
  return `The server refused the file (${status}).`;
}

/** Files the browser can refuse at once, in the server's words, without sending a byte. */
function refusal(file: File, maxBytes: number): string | null {
  if (file.size === 0) return EMPTY_UPLOAD_MESSAGE;
  if (file.size > maxBytes) return uploadTooLargeMessage(maxBytes);
  return null;
}

const STATE_ICON: Record<UploadState, { icon: typeof Clock; label: string; className: string }> = {
  queued: { icon: Clock, label: "waiting", className: "text-slate-500" },
  uploading: { icon: UploadCloud, label: "sending", className: "text-indigo-600" },
  done: { icon: FileUp, label: "sent", className: "text-indigo-600" },
  duplicate: { icon: Copy, label: "already present", className: "text-slate-500" },
  error: { icon: CircleAlert, label: "not sent", className: "text-red-600" },
  cancelled: { icon: CircleSlash, label: "cancelled", className: "text-slate-500" },
};

/** `maxUploadBytes` is the server's MAX_UPLOAD_MB, passed from the page so both refuse the same files. */
export function UploadCenter({ maxUploadBytes }: { maxUploadBytes: number }) {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const cancels = useRef(new Map<string, () => void>());

  const update = useCallback((id: string, patch: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.id === id ? { ...i, ...patch } : i))), []);

  const fail = useCallback((id: string, failure: UploadFailure, message: string) => update(id, { state: "error", message, retryable: isRetryable(failure) }), [update]);

  const start = useCallback(
    async (item: UploadItem) => {
      const startedAt = performance.now();
      update(item.id, { state: "uploading", loaded: 0, total: item.file.size, startedAt, elapsedMs: 0, message: undefined, retryable: undefined });
      const upload = sendFile(`/api/t/${slug}/documents`, item.file, (loaded, total) => update(item.id, { loaded, total, elapsedMs: performance.now() - startedAt }));
      cancels.current.set(item.id, upload.cancel);
      try {
        const { status, body } = await upload.done;
        if (status === 201) update(item.id, { state: "done", message: undefined });
        else if (status === 200 && body?.duplicate) update(item.id, { state: "duplicate", message: body.message ?? "Already in this workspace: the existing document was kept." });
        else fail(item.id, { status }, body?.error?.message ?? fallbackMessage(status));
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") update(item.id, { state: "cancelled", message: "Cancelled." });
        else fail(item.id, { network: true }, (error as Error).message);
      } finally {
        cancels.current.delete(item.id);
        await refetchDocuments(queryClient, slug);
      }
    },
    [fail, queryClient, slug, update],
  );

  // Keep up to PARALLEL_UPLOADS running; the rest wait their turn.
  useEffect(() => {
    const running = items.filter((i) => i.state === "uploading").length;
    items
      .filter((i) => i.state === "queued")
      .slice(0, Math.max(0, PARALLEL_UPLOADS - running))
      .forEach((i) => void start(i));
  }, [items, start]);

  const onDrop = useCallback(
    (files: File[]) => {
      setItems((all) => [
        ...all,
        ...files.map((file): UploadItem => {
          const refused = refusal(file, maxUploadBytes);
          const base = { id: crypto.randomUUID(), file, loaded: 0, total: file.size, startedAt: 0, elapsedMs: 0 };
          return refused ? { ...base, state: "error", message: refused, retryable: false } : { ...base, state: "queued" };
        }),
      ]);
    },
    [maxUploadBytes],
  );
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({ onDrop, noClick: true, multiple: true });

  const counts = {
    done: items.filter((i) => i.state === "done").length,
    duplicate: items.filter((i) => i.state === "duplicate").length,
    failed: items.filter((i) => i.state === "error").length,
    active: items.filter((i) => i.state === "queued" || i.state === "uploading").length,
  };

  // Leaving the page (reload, close, another site) would cut the files still being sent.
  const sending = counts.active > 0;
  useEffect(() => {
    if (!sending) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [sending]);

  const summary = [
    counts.done || !sending ? `${counts.done} sent` : "",
    counts.duplicate ? `${counts.duplicate} already present` : "",
    counts.failed ? `${counts.failed} not sent` : "",
  ]
    .filter(Boolean)
    .join(", ");

  return (
    <section aria-labelledby="upload-heading" className="space-y-3">
      <h2 id="upload-heading" className="sr-only">
        Upload documents
      </h2>
      <div
        {...getRootProps()}
        className={cn(
          "flex flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed px-4 py-8 text-center transition-colors sm:px-6",
          isDragActive ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white",
        )}
      >
        <input {...getInputProps({ "aria-label": "Choose files to upload" })} accept={Object.values(ACCEPT).flat().join(",")} />
        <UploadCloud aria-hidden className="size-8 text-slate-400" />
        <p className="text-sm text-slate-700">{isDragActive ? "Drop the files to upload them" : "Drag files here, or"}</p>
        <Button variant="secondary" onClick={open}>
          Choose files
        </Button>
        <p className="text-xs text-slate-500">
          PDF, Word, Markdown, text, HTML, CSV, JSON, SRT, WebVTT, and PNG, JPEG, TIFF or WebP images (their text is read by OCR), up to {formatBytes(maxUploadBytes)} each. Several
          at once are fine.
        </p>
      </div>

      {items.length > 0 && (
        <div className="rounded-xl border border-slate-200 bg-white">
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 text-sm">
            <span role="status" className="text-slate-700" data-testid="upload-summary">
              {sending ? `Sending ${plural(counts.active, "file")}… keep this page open.${summary ? " " : ""}` : ""}
              {summary}
              {counts.done > 0 && !sending ? ". Processing status is in the table below." : ""}
            </span>
            {!sending && (
              <Button variant="ghost" onClick={() => setItems([])}>
                Clear list
              </Button>
            )}
          </div>
          <ul className="divide-y divide-slate-100">
            {items.map((item) => (
              <UploadRow
                key={item.id}
                item={item}
                onCancel={() => cancels.current.get(item.id)?.() ?? update(item.id, { state: "cancelled", message: "Cancelled." })}
                onRetry={() => update(item.id, { state: "queued", loaded: 0, message: undefined, retryable: undefined })}
                onRemove={() => setItems((all) => all.filter((i) => i.id !== item.id))}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function UploadRow({ item, onCancel, onRetry, onRemove }: { item: UploadItem; onCancel: () => void; onRetry: () => void; onRemove: () => void }) {
  const { icon: Icon, label, className } = STATE_ICON[item.state];
  const name = item.file.name;
  const active = item.state === "queued" || item.state === "uploading";
  const canRetry = item.state === "cancelled" || (item.state === "error" && item.retryable);
  const progress = describeProgress(item);
  return (
    <li className="flex items-start gap-3 px-4 py-2.5 text-sm" data-testid={`upload-${name}`} data-state={item.state} data-retryable={item.state === "error" ? String(Boolean(item.retryable)) : undefined}>
      <Icon role="img" aria-label={label} className={cn("mt-0.5 size-4 shrink-0", className)} />
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900">{name}</p>
        {item.state === "uploading" ? (
          <>
            <progress
              className="mt-1 block h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-indigo-600"
              value={item.total ? Math.floor((item.loaded / item.total) * 100) : 0}
              max={100}
              aria-label={`Upload progress of ${name}`}
              aria-valuetext={progress}
            />
            <p className="mt-0.5 text-xs tabular-nums text-slate-600" data-testid="upload-progress">
              {progress} <span className="text-slate-500">({formatBytes(item.file.size)})</span>
            </p>
          </>
        ) : item.state === "queued" ? (
          <p className="text-xs text-slate-500">Waiting to send · {formatBytes(item.file.size)}</p>
        ) : item.state === "done" ? (
          <p className="text-xs text-slate-600">Sent ({formatBytes(item.file.size)}) — processing; follow its status in the table below.</p>
        ) : (
          <p className={cn("text-xs", item.state === "error" ? "text-red-700" : "text-slate-600")}>{item.message}</p>
        )}
      </div>
      {active ? (
        <Button variant="ghost" className="-my-1 shrink-0 px-2.5" aria-label={`Cancel ${name}`} title="Cancel" onClick={onCancel}>
          <X aria-hidden className="size-4" />
        </Button>
      ) : canRetry ? (
        <Button variant="ghost" className="-my-1 shrink-0 px-2.5" aria-label={`Retry ${name}`} title="Retry" onClick={onRetry}>
          <RotateCcw aria-hidden className="size-4" />
        </Button>
      ) : (
        <Button variant="ghost" className="-my-1 shrink-0 px-2.5" aria-label={`Remove ${name} from the list`} title="Remove from the list" onClick={onRemove}>
          <X aria-hidden className="size-4" />
        </Button>
      )}
    </li>
  );
}
