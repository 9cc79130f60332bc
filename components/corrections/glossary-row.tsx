"use client";

import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { deleteGlossaryEntry, updateGlossaryEntry } from "@/app/(console)/t/[slug]/corrections/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDate } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import type { GlossaryEntryJson } from "./api";
import { authorityFrom, AuthorityMeter } from "./glossary-authority";

interface RowProps {
  slug: string;
  entry: GlossaryEntryJson;
  canWrite: boolean;
  editing: boolean;
  typesListId: string;
  onEdit: () => void;
  onStopEditing: () => void;
  onSaved: () => Promise<unknown>;
  onDeleted: () => Promise<unknown>;
}

export function GlossaryRow(props: RowProps) {
  // Set when an edit ends, so keyboard users land back on the row's Edit button rather than on the page.
  const [refocus, setRefocus] = useState(false);
  const stop = () => {
    setRefocus(true);
    props.onStopEditing();
  };
  if (props.editing) return <EditRow {...props} onStopEditing={stop} />;
  return (
    <ViewRow
      {...props}
      focusEdit={refocus}
      onEdit={() => {
        setRefocus(false);
        props.onEdit();
      }}
    />
  );
}

function ViewRow({ slug, entry, canWrite, focusEdit, onEdit, onDeleted }: RowProps & { focusEdit: boolean }) {
  const remove = useAction(deleteGlossaryEntry, { toastErrors: true });
  return (
    <tr data-testid="glossary-row">
      <td className="px-4 py-3 font-medium text-slate-900">{entry.entityText}</td>
      <td className="px-4 py-3">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{entry.entityType}</span>
      </td>
      <td className="px-4 py-3">
        <AuthorityMeter value={entry.authorityScore} />
      </td>
      <td className="max-w-48 truncate px-4 py-3 text-slate-600" title={entry.sourceId ?? undefined}>
        {entry.sourceId || <span className="text-slate-500">—</span>}
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-slate-600">{formatDate(entry.updatedAt)}</td>
      {canWrite && (
        <td className="px-4 py-3">
          <span className="flex justify-end gap-1">
            <Button variant="ghost" aria-label={`Edit ${entry.entityText}`} autoFocus={focusEdit} onClick={onEdit}>
              Edit
            </Button>
            <ConfirmDialog
              trigger={
                <Button variant="ghost" className="text-red-700" aria-label={`Delete ${entry.entityText}`}>
                  Delete
                </Button>
              }
              title={`Delete “${entry.entityText}”?`}
              description={`The ${entry.entityType} leaves the glossary at once; transcripts cleaned from now on no longer use it. Corrections already made stay.`}
              confirmLabel="Delete entry"
              onConfirm={async () => {
                const result = await remove.run({ tenant: slug, id: entry.id });
                if (result.ok) {
                  toast.success(`Deleted “${entry.entityText}”.`);
                  await onDeleted();
                }
                return result.ok;
              }}
            />
          </span>
        </td>
      )}
    </tr>
  );
}

function EditRow({ slug, entry, typesListId, onStopEditing, onSaved }: RowProps) {
  const id = useId();
  const update = useAction(updateGlossaryEntry);
  const [entityText, setEntityText] = useState(entry.entityText);
  const [entityType, setEntityType] = useState(entry.entityType);
  const [authority, setAuthority] = useState(String(entry.authorityScore));
  const [sourceId, setSourceId] = useState(entry.sourceId ?? "");
  const [authorityMissing, setAuthorityMissing] = useState(false);

  async function save() {
    if (update.pending) return;
    const authorityScore = authorityFrom(authority);
    // Left blank, the server would quietly apply the default; an edit should say what it changes.
    setAuthorityMissing(authorityScore === undefined);
    if (authorityScore === undefined) return;
    const result = await update.run({ tenant: slug, id: entry.id, entityText, entityType, authorityScore, sourceId: sourceId.trim() || undefined });
    if (!result.ok) return;
    await onSaved();
    toast.success(`Saved “${entityText.trim()}”.`);
    onStopEditing();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Escape") {
      event.preventDefault();
      onStopEditing();
    } else if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      void save();
    }
  }

  const errors = {
    entityText: update.fieldErrors.entityText,
    entityType: update.fieldErrors.entityType,
    authorityScore: authorityMissing ? ["Give an authority between 0 and 1."] : update.fieldErrors.authorityScore,
    sourceId: update.fieldErrors.sourceId,
  };
  const hasFieldErrors = Object.values(errors).some((e) => e?.length);
  const cell = (field: keyof typeof errors, input: ReactNode) => (
    <>
      {input}
      {errors[field]?.length ? (
        <p id={`${id}-${field}`} className="mt-1 text-xs text-red-600">
          {errors[field].join(" ")}
        </p>
      ) : null}
    </>
  );
  const described = (field: keyof typeof errors) =>
    errors[field]?.length ? { "aria-invalid": true, "aria-describedby": `${id}-${field}` } : {};

  return (
    <tr data-testid="glossary-row" onKeyDown={onKeyDown} className="bg-indigo-50/40 align-top">
      <td className="px-4 py-2">
        {cell(
          "entityText",
          <Input aria-label={`Entity of ${entry.entityText}`} autoFocus value={entityText} maxLength={200} className="min-w-48" onChange={(e) => setEntityText(e.target.value)} {...described("entityText")} />,
        )}
        {!hasFieldErrors && update.error && (
          <p role="alert" className="mt-1 text-xs text-red-600">
            {update.error}
          </p>
        )}
      </td>
      <td className="px-4 py-2">
        {cell(
          "entityType",
          <Input aria-label={`Type of ${entry.entityText}`} list={typesListId} value={entityType} maxLength={40} className="w-36" onChange={(e) => setEntityType(e.target.value)} {...described("entityType")} />,
        )}
      </td>
      <td className="px-4 py-2">
        {cell(
          "authorityScore",
          <Input
            aria-label={`Authority of ${entry.entityText}`}
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={authority}
            className="w-24"
            onChange={(e) => setAuthority(e.target.value)}
            {...described("authorityScore")}
          />,
        )}
      </td>
      <td className="px-4 py-2">
        {cell(
          "sourceId",
          <Input aria-label={`Source id of ${entry.entityText}`} value={sourceId} maxLength={200} className="w-36" onChange={(e) => setSourceId(e.target.value)} {...described("sourceId")} />,
        )}
      </td>
      <td className="px-4 py-2 text-xs text-slate-500">
        <span className="block pt-2.5">Enter saves, Esc cancels</span>
      </td>
      <td className="px-4 py-2">
        <span className="flex justify-end gap-1">
          <Button disabled={update.pending} onClick={save}>
            {update.pending ? "Saving…" : "Save"}
          </Button>
          <Button variant="ghost" disabled={update.pending} onClick={onStopEditing}>
            Cancel
          </Button>
        </span>
      </td>
    </tr>
  );
}
