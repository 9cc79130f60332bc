"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { acceptInvitation, acceptInvitationAsNewUser } from "@/app/(auth)/invite/[token]/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { NewPasswordFields, repeatedPassword } from "./new-password-fields";

export function AcceptInvitation({ token, tenantName }: { token: string; tenantName: string }) {
  const router = useRouter();
  const accept = useAction(acceptInvitation);
  return (
    <div className="space-y-4">
      <FormError message={accept.error} />
      <Button
        className="w-full"
        disabled={accept.pending}
        onClick={async () => {
          const result = await accept.run({ token });
          if (result.ok) {
            router.push(`/t/${result.data.slug}/documents`);
            router.refresh();
          }
        }}
      >
        {accept.pending ? "Joining…" : `Join ${tenantName}`}
      </Button>
    </div>
  );
}

/** For someone without an account: choose a name and password, join, and get signed in. */
export function NewUserInvitationForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const accept = useAction(acceptInvitationAsNewUser);
  const [mismatch, setMismatch] = useState(false);
  const [signInFailed, setSignInFailed] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = repeatedPassword(data, "password");
    setMismatch(password === null);
    if (password === null) return;
    const result = await accept.run({ token, fullName: String(data.get("fullName") ?? ""), password });
    if (!result.ok) return;
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    if (!signedIn || signedIn.error) {
      setSignInFailed(true);
      return;
    }
    router.push(`/t/${result.data.slug}/documents`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Field label="Email" value={email} readOnly disabled />
      <Field label="Your name" name="fullName" required autoComplete="name" errors={accept.fieldErrors.fullName} />
      <NewPasswordFields name="password" label="Choose a password" repeatLabel="Repeat the password" errors={accept.fieldErrors.password} mismatch={mismatch} />
      <FormError message={signInFailed ? "Your account is ready, but signing in failed. Sign in from the login page." : accept.error} />
      <Button type="submit" className="w-full" disabled={accept.pending}>
        {accept.pending ? "Creating your account…" : "Create account and join"}
      </Button>
    </form>
  );
}
