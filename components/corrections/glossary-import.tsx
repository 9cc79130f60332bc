"use client";

import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { toast } from "sonner";
import { importGlossary, previewGlossaryImport } from "@/app/(console)/t/[slug]/corrections/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { Spinner } from "@/components/ui/spinner";
import { useAction } from "@/components/ui/use-action";
import { AuthorityMeter } from "./glossary-authority";

type Preview = Extract<Awaited<ReturnType<typeof previewGlossaryImport>>, { ok: true }>["data"];

// Next.js refuses server action bodies over 1 MB with an error the action never sees; say so before sending.
const MAX_BYTES = 1_000_000;
// Every row with an error is listed; ready rows only up to this many, to keep the page responsive.
const READY_ROWS_SHOWN = 500;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function GlossaryImport({ slug, onImported }: { slug: string; onImported: () => Promise<unknown> }) {
  const inputId = useId();
  const headingId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; csv: string; preview: Preview } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState("");
  const preview = useAction(previewGlossaryImport);
  const commit = useAction(importGlossary);

  async function onChoose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    // Cleared at once so choosing the same file again, after fixing it, reads it again.
    event.target.value = "";
    if (!chosen) return;
    setFile(null);
    setOutcome("");
    setReadError(null);
    if (chosen.size > MAX_BYTES) {
      setReadError(`${chosen.name} is larger than 1 MB. Split it into parts and import them one by one.`);
      return;
    }
    let csv: string;
    try {
      csv = await chosen.text();
    } catch {
      setReadError(`${chosen.name} could not be read. Choose the file again.`);
      return;
    }
    const result = await preview.run({ tenant: slug, csv });
    if (result.ok) setFile({ name: chosen.name, csv, preview: result.data });
  }

  async function onImport() {
    if (!file) return;
    const result = await commit.run({ tenant: slug, csv: file.csv });
    if (!result.ok) return;
    const { added, updated, unchanged, skipped } = result.data;
    const summary = `Imported ${file.name}: ${added} added, ${updated} updated, ${unchanged} unchanged, ${skipped} skipped.`;
    toast.success(summary);
    setOutcome(summary);
    setFile(null);
    fileInput.current?.focus();
    await onImported();
  }

  function discard() {
    setFile(null);
    fileInput.current?.focus();
  }

  const previewError = readError ?? preview.fieldErrors.csv?.join(" ") ?? preview.error;

  return (
    <>
      <section aria-labelledby={headingId} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id={headingId} className="text-base font-semibold">
          Import a CSV
        </h2>
        <div className="space-y-2 text-sm text-slate-600">
          <p>
            The first row must be a header naming the columns <code className="text-slate-800">entity_text</code>, <code className="text-slate-800">entity_type</code>,{" "}
            <code className="text-slate-800">authority_score</code> and <code className="text-slate-800">source_id</code>. Authority (0 to 1, 0.8 when blank) and source id may be
            left empty. A row naming an entity and type already in the glossary updates its authority and source id.
          </p>
          <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
            {"entity_text,entity_type,authority_score,source_id\nHope Uzodinma,person,0.95,press-kit\nOwerri,place,,"}
          </pre>
          <p>You see a preview before anything is saved.</p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
            CSV file
          </label>
          <input
            ref={fileInput}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            disabled={preview.pending || commit.pending}
            onChange={onChoose}
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
          />
        </div>
        {preview.pending && (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner label="Checking the file" /> Checking the file…
          </p>
        )}
        <FormError message={previewError} />
        <p role="status" className="text-sm text-emerald-700">
          {outcome}
        </p>
      </section>
      {file && <ImportPreview file={file} pending={commit.pending} error={commit.error} onImport={onImport} onCancel={discard} />}
    </>
  );
}

function ImportPreview({
  file,
  pending,
  error,
  onImport,
  onCancel,
}: {
  file: { name: string; preview: Preview };
  pending: boolean;
  error: string | null;
  onImport: () => void;
  onCancel: () => void;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [file]);
  const { rows, valid, invalid } = file.preview;
  let readyShown = 0;
  const shown = rows.filter((row) => row.errors.length > 0 || readyShown++ < READY_ROWS_SHOWN);

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-xl border border-indigo-200 bg-white p-4 lg:col-span-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} ref={heading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
          Preview of {file.name}
        </h2>
        <p className="text-sm text-slate-700" data-testid="import-counts">
          {plural(valid, "row", "rows")} ready{invalid > 0 ? `, ${invalid} with errors will be skipped` : ""}.
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">The file has a header but no rows.</p>
      ) : (
        <div className="max-h-96 overflow-auto rounded-lg border border-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 text-right font-medium">Line</th>
                <th scope="col" className="px-3 py-2 font-medium">Entity</th>
                <th scope="col" className="px-3 py-2 font-medium">Type</th>
                <th scope="col" className="px-3 py-2 font-medium">Authority</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((row) => (
                <tr key={row.line} data-testid={`import-line-${row.line}`} className={row.errors.length ? "bg-red-50/50" : undefined}>
                  <td className="px-3 py-2 text-right tabular-nums text-slate-500">{row.line}</td>
                  <td className="px-3 py-2 font-medium text-slate-900">{row.entry?.entityText ?? "—"}</td>
                  <td className="px-3 py-2 text-slate-600">{row.entry?.entityType ?? "—"}</td>
                  <td className="px-3 py-2">{row.entry ? <AuthorityMeter value={row.entry.authorityScore} /> : "—"}</td>
                  <td className="px-3 py-2">
                    {row.errors.length > 0 ? (
                      <span className="text-red-700">{row.errors.join(" ")}</span>
                    ) : row.exists ? (
                      <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">updates existing</span>
                    ) : (
                      <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">new</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < rows.length && (
        <p className="text-xs text-slate-500">
          Showing every row with errors and the first {READY_ROWS_SHOWN} ready rows of {rows.length}.
        </p>
      )}
      <FormError message={error} />
      <div className="flex gap-2">
        <Button disabled={pending || valid === 0} onClick={onImport}>
          {pending ? "Importing…" : `Import ${plural(valid, "row", "rows")}`}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
