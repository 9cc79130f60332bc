"use client";

import { useId, type FormEvent } from "react";
import { toast } from "sonner";
import { createGlossaryEntry } from "@/app/(console)/t/[slug]/corrections/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { authorityFrom } from "./glossary-authority";

export function GlossaryAddForm({ slug, typesListId, onAdded }: { slug: string; typesListId: string; onAdded: () => Promise<unknown> }) {
  const headingId = useId();
  const create = useAction(createGlossaryEntry);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const entityText = text("entityText").trim();
    const result = await create.run({
      tenant: slug,
      entityText,
      entityType: text("entityType"),
      authorityScore: authorityFrom(text("authorityScore")),
      sourceId: text("sourceId").trim() || undefined,
    });
    if (!result.ok) return;
    toast.success(`Added “${entityText}” to the glossary.`);
    form.reset();
    form.querySelector<HTMLInputElement>("input[name=entityText]")?.focus();
    await onAdded();
  }

  // The general message repeats a field error with the field's code name in front; show it only when no field explains it.
  const hasFieldErrors = Object.keys(create.fieldErrors).length > 0;

  return (
    <form aria-labelledby={headingId} onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id={headingId} className="text-base font-semibold">
        Add an entry
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Field label="Entity" name="entityText" required maxLength={200} placeholder="e.g. Hope Uzodinma" autoComplete="off" errors={create.fieldErrors.entityText} />
        </div>
        <Field label="Type" name="entityType" required maxLength={40} list={typesListId} placeholder="e.g. person or place" autoComplete="off" errors={create.fieldErrors.entityType} />
        <Field
          label="Authority"
          name="authorityScore"
          type="number"
          min={0}
          max={1}
          step={0.05}
          defaultValue="0.8"
          hint="0 to 1: how far to trust this spelling."
          errors={create.fieldErrors.authorityScore}
        />
        <div className="sm:col-span-2">
          <Field label="Source id" name="sourceId" maxLength={200} hint="Optional: where the spelling comes from, e.g. a document or list." autoComplete="off" errors={create.fieldErrors.sourceId} />
        </div>
      </div>
      <FormError message={hasFieldErrors ? null : create.error} />
      <Button type="submit" disabled={create.pending}>
        {create.pending ? "Adding…" : "Add entry"}
      </Button>
    </form>
  );
}
