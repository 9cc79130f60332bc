"use client";

import { useState, type FormEvent } from "react";
import { requestPasswordReset } from "@/app/(auth)/forgot/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

export function ForgotPasswordForm() {
  const request = useAction(requestPasswordReset);
  const [sentTo, setSentTo] = useState<{ email: string; minutes: number } | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    const result = await request.run({ email });
    if (result.ok) setSentTo({ email: email.trim(), minutes: result.data.minutes });
  }
  if (sentTo) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        If an account exists for {sentTo.email}, we have sent it a link to choose a new password. The link works once, for {sentTo.minutes} minutes. No email? Check the spam folder, or
        ask an admin for a link.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Field label="Email" name="email" type="email" required autoComplete="email" errors={request.fieldErrors.email} />
      <FormError message={request.formError} />
      <Button type="submit" className="w-full" disabled={request.pending}>
        {request.pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
