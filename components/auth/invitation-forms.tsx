"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
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

/**
 * For someone without an account: choose a name and password, then get signed in and land in the
 * workspace. The server answers the same when the address already has an account, so a failed
 * sign-in here only says what to do next.
 */
export function NewUserInvitationForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const accept = useAction(acceptInvitationAsNewUser);
  const [mismatch, setMismatch] = useState(false);
  const [signInFailed, setSignInFailed] = useState(false);
  const invitePath = `/invite/${token}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = repeatedPassword(data, "password");
    setMismatch(password === null);
    setSignInFailed(false);
    if (password === null) return;
    const result = await accept.run({ token, fullName: String(data.get("fullName") ?? ""), password });
    if (!result.ok) return;
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    if (!signedIn || signedIn.error) {
      setSignInFailed(true);
      return;
    }
    // The invitation page sends the invited, signed-in user on to the workspace.
    router.push(invitePath);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4">
      <Field label="Email" value={email} readOnly disabled />
      <Field label="Your name" name="fullName" required autoComplete="name" errors={accept.fieldErrors.fullName} />
      <NewPasswordFields name="password" label="Choose a password" repeatLabel="Repeat the password" errors={accept.fieldErrors.password} mismatch={mismatch} />
      <FormError message={accept.error} />
      {signInFailed && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          We could not sign you in with that password. If you already have an account for {email},{" "}
          <Link href={`/login?${new URLSearchParams({ callbackUrl: invitePath })}`} className="font-medium underline">
            sign in with your password
          </Link>{" "}
          to accept the invitation.
        </p>
      )}
      <Button type="submit" className="w-full" disabled={accept.pending}>
        {accept.pending ? "Creating your account…" : "Create account and join"}
      </Button>
    </form>
  );
}
