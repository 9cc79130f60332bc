"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { changePassword } from "@/app/(console)/(user)/account/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password-policy";

export function ChangePasswordForm() {
  const change = useAction(changePassword);
  const [mismatch, setMismatch] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    if (newPassword !== data.get("confirm")) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const result = await change.run({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword });
    if (result.ok) {
      form.reset();
      toast.success("Password changed.");
    }
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Change password</h2>
      <Field label="Current password" name="currentPassword" type="password" required autoComplete="current-password" errors={change.fieldErrors.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        errors={change.fieldErrors.newPassword}
      />
      <Field label="Repeat the new password" name="confirm" type="password" required autoComplete="new-password" errors={mismatch ? ["The two passwords differ."] : undefined} />
      <FormError message={change.error} />
      <Button type="submit" disabled={change.pending}>
        {change.pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
