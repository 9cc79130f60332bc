"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { resetPassword } from "@/app/(auth)/reset/[token]/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { NewPasswordFields, repeatedPassword } from "./new-password-fields";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const reset = useAction(resetPassword);
  const [mismatch, setMismatch] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = repeatedPassword(data, "password");
    setMismatch(password === null);
    if (password === null) return;
    const result = await reset.run({ token, password });
    if (result.ok) router.push("/login?notice=password-reset");
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4">
      <NewPasswordFields name="password" label="New password" repeatLabel="Repeat the new password" errors={reset.fieldErrors.password} mismatch={mismatch} />
      <FormError message={reset.error} />
      <Button type="submit" className="w-full" disabled={reset.pending}>
        {reset.pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
