"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { renameTenant } from "@/app/(console)/t/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

export function GeneralSettings({ name, slug, canRename }: { name: string; slug: string; canRename: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState({ name, slug });
  const rename = useAction(renameTenant);
  const changed = values.name !== name || values.slug !== slug;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await rename.run({ tenant: slug, ...values });
    if (!result.ok) return;
    toast.success("Workspace updated.");
    router.replace(`/t/${result.data.slug}/settings`);
    router.refresh();
  }

  return (
    <section aria-labelledby="general-heading" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="general-heading" className="text-lg font-semibold">
        General
      </h2>
      {!canRename && <p className="mt-1 text-sm text-slate-500">Only owners can rename the workspace or change its address.</p>}
      <form onSubmit={onSubmit} className="mt-4 space-y-4">
        <Field label="Workspace name" value={values.name} disabled={!canRename} required onChange={(e) => setValues({ ...values, name: e.target.value })} errors={rename.fieldErrors.name} />
        <Field
          label="Address"
          value={values.slug}
          disabled={!canRename}
          required
          onChange={(e) => setValues({ ...values, slug: e.target.value })}
          hint={`Pages of this workspace live under /t/${values.slug || "…"}. Old links stop working when it changes.`}
          errors={rename.fieldErrors.slug}
        />
        <FormError message={rename.formError} />
        {canRename && (
          <Button type="submit" disabled={!changed || rename.pending}>
            {rename.pending ? "Saving…" : "Save changes"}
          </Button>
        )}
      </form>
    </section>
  );
}
