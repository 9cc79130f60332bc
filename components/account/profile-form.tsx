"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { updateProfile } from "@/app/(console)/(user)/account/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

export function ProfileForm({ fullName }: { fullName: string }) {
  const router = useRouter();
  const [name, setName] = useState(fullName);
  const save = useAction(updateProfile);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await save.run({ fullName: name });
    if (result.ok) {
      toast.success("Profile saved.");
      router.refresh();
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Profile</h2>
      <Field label="Full name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" errors={save.fieldErrors.fullName} />
      <FormError message={save.formError} />
      <Button type="submit" disabled={save.pending || name === fullName}>
        {save.pending ? "Saving…" : "Save profile"}
      </Button>
    </form>
  );
}
