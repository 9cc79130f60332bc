"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { previewRetention, updateRetention } from "@/app/(console)/t/[slug]/settings/retention-actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatDateTime } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import type { RetentionResource } from "@/db/schema";
import { MAX_RETAIN_DAYS, MIN_RETAIN_DAYS, RETENTION_LABELS, RETENTION_RESOURCES, type RetentionDays, type RetentionPreviewRow } from "@/lib/retention/resources";

const ONE: Record<RetentionResource, string> = { evaluation_runs: "evaluation run", audit_log: "audit entry", failed_documents: "failed document" };

const HINTS: Record<RetentionResource, string> = {
  evaluation_runs: "Searches and their results, as the dashboards count them.",
  audit_log: "Entries of this workspace. Each cleanup adds an entry saying what it removed.",
  failed_documents: "Documents whose processing failed, counted from when they failed; their stored files go too.",
};

type Texts = Record<RetentionResource, string>;

const toTexts = (days: RetentionDays): Texts => Object.fromEntries(RETENTION_RESOURCES.map((r) => [r, days[r]?.toString() ?? ""])) as Texts;

// Blank keeps forever; anything else goes to the server as a number, whose checks say what is wrong with it.
const toDays = (texts: Texts): RetentionDays => Object.fromEntries(RETENTION_RESOURCES.map((r) => [r, texts[r].trim() === "" ? null : Number(texts[r].trim())])) as RetentionDays;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const count = new Intl.NumberFormat("en-GB");

function previewSentence({ resource, retainDays, cutoff, rows }: RetentionPreviewRow): string {
  if (retainDays === null || cutoff === null) return `${capitalised(RETENTION_LABELS[resource])} are kept forever.`;
  const older = `older than ${formatDateTime(cutoff)} (${retainDays} ${retainDays === 1 ? "day" : "days"})`;
  if (rows === 0) return `Nothing to delete: no ${RETENTION_LABELS[resource]} ${older}.`;
  return `This would delete ${count.format(rows)} ${rows === 1 ? ONE[resource] : RETENTION_LABELS[resource]} ${older}.`;
}

/** Owners set how long each kind of row is kept; admins see the periods and may preview them. */
export function RetentionSettings({ initial }: { initial: RetentionDays }) {
  const { slug } = useTenant();
  const canEdit = useCan("retention:manage");
  const [saved, setSaved] = useState(initial);
  const [texts, setTexts] = useState(() => toTexts(initial));
  const [preview, setPreview] = useState<RetentionPreviewRow[] | null>(null);
  const save = useAction(updateRetention);
  const check = useAction(previewRetention);
  const savedTexts = toTexts(saved);
  const changed = RETENTION_RESOURCES.some((r) => texts[r] !== savedTexts[r]);

  function edit(resource: RetentionResource, text: string) {
    setTexts({ ...texts, [resource]: text });
    save.clearFieldError(resource);
    check.clearFieldError(resource);
    // A preview of other numbers than the ones shown would mislead.
    setPreview(null);
  }

  async function onPreview() {
    setPreview(null);
    const result = await check.run({ tenant: slug, ...toDays(texts) });
    if (result.ok) setPreview(result.data);
  }

  async function onSave(event: FormEvent) {
    event.preventDefault();
    const result = await save.run({ tenant: slug, ...toDays(texts) });
    if (!result.ok) return;
    setSaved(result.data);
    setTexts(toTexts(result.data));
    toast.success("Retention saved. The next scheduled cleanup applies it.");
  }

  return (
    <section aria-labelledby="retention-heading" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="retention-heading" className="text-lg font-semibold">
        Retention
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Rows older than this many days ({MIN_RETAIN_DAYS} to {count.format(MAX_RETAIN_DAYS)}) are deleted by a scheduled cleanup. Leave a field blank to keep
        those rows forever.
      </p>
      {!canEdit && <p className="mt-1 text-sm text-slate-500">Only owners can change retention periods.</p>}
      <form onSubmit={onSave} className="mt-4 space-y-4">
        <div className="grid gap-4 sm:grid-cols-3">
          {RETENTION_RESOURCES.map((resource) => (
            <Field
              key={resource}
              label={`${capitalised(RETENTION_LABELS[resource])} (days)`}
              inputMode="numeric"
              placeholder="Forever"
              value={texts[resource]}
              disabled={!canEdit}
              onChange={(e) => edit(resource, e.target.value)}
              hint={HINTS[resource]}
              errors={save.fieldErrors[resource] ?? check.fieldErrors[resource]}
            />
          ))}
        </div>
        <FormError message={save.formError ?? check.formError} />
        <div aria-live="polite">
          {preview && (
            <ul aria-label="Retention preview" className="space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              {preview.map((row) => (
                <li key={row.resource}>{previewSentence(row)}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={check.pending || save.pending} onClick={onPreview}>
            {check.pending ? "Previewing…" : "Preview"}
          </Button>
          {canEdit && (
            <Button type="submit" disabled={!changed || save.pending || check.pending}>
              {save.pending ? "Saving…" : "Save retention"}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
