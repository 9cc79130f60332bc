"use client";

import { useState } from "react";
import { toast } from "sonner";
import { createCorrection } from "@/app/(console)/t/[slug]/corrections/actions";
import { useCan } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

/** Prefilled from `?original=` when it comes from a thumbs-down in search. */
export function AddCorrectionForm({ slug, initialOriginal, onAdded }: { slug: string; initialOriginal: string; onAdded: () => Promise<void> }) {
  const canReview = useCan("corrections:review");
  const [originalText, setOriginal] = useState(initialOriginal);
  const [correctedText, setCorrected] = useState("");
  const [approve, setApprove] = useState(canReview);
  const create = useAction(createCorrection);
  return (
    <form
      id="add-correction"
      aria-labelledby="add-correction-heading"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await create.run({ tenant: slug, originalText, correctedText, status: approve ? "approved" : "suggested", source: "manual" });
        if (!result.ok) return;
        toast.success(approve ? "Correction approved: the next clean applies it." : "Correction added to the review queue.");
        setOriginal("");
        setCorrected("");
        await onAdded();
      }}
    >
      <h2 id="add-correction-heading" className="font-semibold">Add a correction</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Written as" placeholder="e.g. Opus Odima" value={originalText} maxLength={200} required onChange={(e) => setOriginal(e.target.value)} errors={create.fieldErrors.originalText} />
        <Field label="Should read" placeholder="e.g. Hope Uzodinma" value={correctedText} maxLength={200} required onChange={(e) => setCorrected(e.target.value)} errors={create.fieldErrors.correctedText} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        {canReview ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={approve} onChange={(e) => setApprove(e.target.checked)} />
            Approve now (otherwise it waits in the review queue)
          </label>
        ) : (
          <span className="text-sm text-slate-500">It goes to the review queue for a reviewer.</span>
        )}
        <Button type="submit" disabled={create.pending}>
          {create.pending ? "Adding…" : "Add correction"}
        </Button>
      </div>
      <FormError message={create.formError} />
    </form>
  );
}
