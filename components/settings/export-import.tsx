"use client";

import { Download } from "lucide-react";
import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { toast } from "sonner";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { HttpError } from "@/components/ui/fetch-json";
import { FormError } from "@/components/ui/form-error";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { Spinner } from "@/components/ui/spinner";
import { can } from "@/lib/auth/permissions";
import { canImportTenantData } from "@/lib/tenant-export/access";
import { IMPORT_LIMITS } from "@/lib/tenant-export/format";
import type { ImportPreview, ImportResult } from "@/lib/tenant-export/import-service";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** POSTs the archive as multipart; errors carry the server's user-safe message. */
async function sendArchive<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append("file", file);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body: form, headers: { accept: "application/json" } });
  } catch {
    throw new HttpError("Could not reach the server. Check your connection and try again.", 0);
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new HttpError(body?.error?.message ?? `The request failed (${response.status}).`, response.status);
  return body;
}

/** Export for owners; import of corrections and glossary for whoever may write and review them. */
export function ExportImport() {
  const { slug, role } = useTenant();
  const canExport = can(role, "tenant:export");
  const canImport = canImportTenantData(role);
  if (!canExport && !canImport) return null;
  return (
    <section aria-labelledby="export-import-heading" className="space-y-6 rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="export-import-heading" className="text-lg font-semibold">
        Export and import
      </h2>
      {canExport && <ExportPanel slug={slug} />}
      {canImport && <ImportPanel slug={slug} divided={canExport} />}
    </section>
  );
}

function ExportPanel({ slug }: { slug: string }) {
  const [includeFiles, setIncludeFiles] = useState(true);
  const [started, setStarted] = useState(false);
  return (
    <div className="space-y-3">
      <h3 className="font-medium text-slate-900">Download the workspace&apos;s data</h3>
      <p className="text-sm text-slate-600">
        A zip of documents (details and original files), corrections, glossary, evaluation runs and members (emails, names and roles; never passwords). The download is recorded
        in the audit log.
      </p>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={includeFiles} onChange={(e) => setIncludeFiles(e.target.checked)} />
        Include the original document files (leave out to get a small archive, e.g. to import into another workspace)
      </label>
      {/* A plain link: the browser streams the zip to disk and shows the progress, whatever its size. */}
      <a
        href={`/api/t/${slug}/export?files=${includeFiles ? 1 : 0}`}
        download
        onClick={() => setStarted(true)}
        className="inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white transition-colors hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <Download aria-hidden className="size-4" />
        Download export
      </a>
      <p role="status" className="text-sm text-slate-600">
        {started ? "The download has started in your browser. A large workspace takes a while; your browser's downloads show the progress." : ""}
      </p>
    </div>
  );
}

type Step = { name: "idle" } | { name: "checking"; file: File } | { name: "preview"; file: File; preview: ImportPreview } | { name: "importing"; file: File; preview: ImportPreview };

function ImportPanel({ slug, divided }: { slug: string; divided: boolean }) {
  const inputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>({ name: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState("");
  const busy = step.name === "checking" || step.name === "importing";

  async function onChoose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared at once so choosing the same file again, after a failure, sends it again.
    event.target.value = "";
    if (!file) return;
    setError(null);
    setOutcome("");
    if (file.size > IMPORT_LIMITS.archiveBytes) {
      setStep({ name: "idle" });
      setError(`${file.name} is ${formatBytes(file.size)}, over the ${formatBytes(IMPORT_LIMITS.archiveBytes)} import limit. Export the other workspace without the original document files, then import that archive.`);
      return;
    }
    setStep({ name: "checking", file });
    try {
      const { preview } = await sendArchive<{ preview: ImportPreview }>(`/api/t/${slug}/import?dryRun=1`, file);
      setStep({ name: "preview", file, preview });
    } catch (e) {
      setStep({ name: "idle" });
      setError((e as Error).message);
    }
  }

  async function onImport() {
    if (step.name !== "preview") return;
    setError(null);
    setStep({ ...step, name: "importing" });
    try {
      const { imported } = await sendArchive<{ imported: ImportResult }>(`/api/t/${slug}/import`, step.file);
      const summary = describeResult(step.file.name, imported);
      toast.success(summary);
      setOutcome(summary);
      setStep({ name: "idle" });
      fileInput.current?.focus();
    } catch (e) {
      setStep({ ...step, name: "preview" });
      setError((e as Error).message);
    }
  }

  function onCancel() {
    setStep({ name: "idle" });
    setError(null);
    fileInput.current?.focus();
  }

  return (
    <div className={divided ? "space-y-3 border-t border-slate-200 pt-5" : "space-y-3"}>
      <h3 className="font-medium text-slate-900">Import corrections and glossary</h3>
      <p className="text-sm text-slate-600">
        Choose an export of another workspace (at most {formatBytes(IMPORT_LIMITS.archiveBytes)}). Only its corrections and glossary are imported; documents, runs and members are
        not. You see what would change before anything is saved.
      </p>
      <div className="space-y-1.5">
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
          Export archive (.zip)
        </label>
        <input
          ref={fileInput}
          id={inputId}
          type="file"
          accept=".zip,application/zip"
          disabled={busy}
          onChange={onChoose}
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
        />
      </div>
      {step.name === "checking" && (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <Spinner label="Checking the archive" /> Uploading and checking {step.file.name}…
        </p>
      )}
      {(step.name === "preview" || step.name === "importing") && (
        <ImportPreviewPanel fileName={step.file.name} preview={step.preview} importing={step.name === "importing"} onImport={onImport} onCancel={onCancel} />
      )}
      <FormError message={error} />
      <p role="status" className="text-sm text-emerald-700">
        {outcome}
      </p>
    </div>
  );
}

function describeResult(fileName: string, { corrections, glossary }: ImportResult): string {
  return (
    `Imported ${fileName}: ${plural(corrections.added, "correction", "corrections")} added (${corrections.present} already here); ` +
    `${plural(glossary.added, "glossary entry", "glossary entries")} added, ${glossary.updated} updated, ${glossary.unchanged} unchanged.`
  );
}

function ImportPreviewPanel({
  fileName,
  preview,
  importing,
  onImport,
  onCancel,
}: {
  fileName: string;
  preview: ImportPreview;
  importing: boolean;
  onImport: () => void;
  onCancel: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [preview]);
  const { corrections, glossary, errors, errorCount, source } = preview;
  const changes = corrections.new + glossary.new + glossary.changed;

  return (
    <div className="space-y-3 rounded-lg border border-indigo-200 p-4">
      <h4 ref={heading} tabIndex={-1} className="text-sm font-semibold focus:outline-none">
        {fileName}: exported from {source.tenant.name} ({source.tenant.slug}) on {formatDateTime(source.exportedAt)}
      </h4>
      <table className="w-full text-left text-sm" data-testid="import-preview-counts">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1.5 pr-3 font-medium" />
            <th scope="col" className="py-1.5 pr-3 text-right font-medium">New</th>
            <th scope="col" className="py-1.5 pr-3 text-right font-medium">Already here</th>
            <th scope="col" className="py-1.5 text-right font-medium">Invalid</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          <tr>
            <th scope="row" className="py-1.5 pr-3 font-medium text-slate-800">Corrections</th>
            <td className="py-1.5 pr-3 text-right">{corrections.new}</td>
            <td className="py-1.5 pr-3 text-right">{corrections.present}</td>
            <td className={corrections.invalid ? "py-1.5 text-right text-red-700" : "py-1.5 text-right"}>{corrections.invalid}</td>
          </tr>
          <tr>
            <th scope="row" className="py-1.5 pr-3 font-medium text-slate-800">Glossary entries</th>
            <td className="py-1.5 pr-3 text-right">{glossary.new}</td>
            <td className="py-1.5 pr-3 text-right">{glossary.present}</td>
            <td className={glossary.invalid ? "py-1.5 text-right text-red-700" : "py-1.5 text-right"}>{glossary.invalid}</td>
          </tr>
        </tbody>
      </table>
      <ul className="list-disc space-y-1 pl-5 text-xs text-slate-600">
        <li>Corrections already here are left as they are. New ones keep their status (suggested, approved or rejected) and confidence; their usage counts start at zero.</li>
        {glossary.changed > 0 && <li>{plural(glossary.changed, "glossary entry already here takes", "glossary entries already here take")} the file&apos;s authority and source id.</li>}
      </ul>
      {errorCount > 0 && (
        <div role="alert" className="space-y-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>
            {plural(errorCount, "line is", "lines are")} invalid, so nothing can be imported from this file. Export the other workspace again, or fix these lines:
          </p>
          <ul className="max-h-48 space-y-0.5 overflow-auto font-mono text-xs">
            {errors.map((e) => (
              <li key={`${e.file}:${e.line}`}>
                {e.file} line {e.line}: {e.message}
              </li>
            ))}
          </ul>
          {errorCount > errors.length && <p className="text-xs">…and {errorCount - errors.length} more.</p>}
        </div>
      )}
      {errorCount === 0 && changes === 0 && <p className="text-sm text-slate-600">Everything in this file is already in this workspace.</p>}
      <div className="flex gap-2">
        <Button disabled={importing || errorCount > 0 || changes === 0} onClick={onImport}>
          {importing ? "Importing…" : "Import"}
        </Button>
        <Button variant="secondary" disabled={importing} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
