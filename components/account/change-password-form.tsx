"use client";

import { signOutTo } from "@/components/auth/sign-out";
import { useState, type FormEvent } from "react";
import { changePassword } from "@/app/(console)/(user)/account/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { NewPasswordFields, repeatedPassword } from "@/components/auth/new-password-fields";

export function ChangePasswordForm() {
  const change = useAction(changePassword);
  const [mismatch, setMismatch] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const newPassword = repeatedPassword(data, "newPassword");
    setMismatch(newPassword === null);
    if (newPassword === null) return;
    const result = await change.run({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword });
    // The change ended every session, this one included: sign in again with the new password.
    if (result.ok) await signOutTo("/login?notice=password-reset");
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Change password</h2>
      <Field label="Current password" name="currentPassword" type="password" required autoComplete="current-password" errors={change.fieldErrors.currentPassword} />
      <NewPasswordFields name="newPassword" label="New password" repeatLabel="Repeat the new password" errors={change.fieldErrors.newPassword} mismatch={mismatch} />
      <FormError message={change.formError} />
      <Button type="submit" disabled={change.pending}>
        {change.pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
