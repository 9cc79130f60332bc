"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createTenant } from "@/app/(console)/(user)/workspaces/new/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { slugify } from "@/lib/tenancy/slug";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useAction(createTenant);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await create.run({ name, slug });
    if (result.ok) {
      router.push(`/t/${result.data.slug}/members`);
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <Field
        label="Workspace name"
        value={name}
        required
        autoFocus
        onChange={(e) => {
          setName(e.target.value);
          if (!slugEdited) setSlug(slugify(e.target.value));
        }}
        errors={create.fieldErrors.name}
      />
      <Field
        label="Address"
        value={slug}
        required
        onChange={(e) => {
          setSlug(e.target.value);
          setSlugEdited(true);
        }}
        hint={`The workspace's pages will live under /t/${slug || "…"}.`}
        errors={create.fieldErrors.slug}
      />
      <FormError message={create.formError} />
      <Button type="submit" disabled={create.pending}>
        {create.pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
