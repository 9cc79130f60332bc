"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { resetPassword } from "@/app/(auth)/reset/[token]/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password-policy";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const reset = useAction(resetPassword);
  const [mismatch, setMismatch] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    if (password !== data.get("confirm")) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const result = await reset.run({ token, password });
    if (result.ok) router.push("/login?notice=password-reset");
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Field label="New password" name="password" type="password" required minLength={PASSWORD_MIN_LENGTH} autoComplete="new-password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} errors={reset.fieldErrors.password} />
      <Field label="Repeat the new password" name="confirm" type="password" required autoComplete="new-password" errors={mismatch ? ["The two passwords differ."] : undefined} />
      <FormError message={reset.error} />
      <Button type="submit" className="w-full" disabled={reset.pending}>
        {reset.pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
