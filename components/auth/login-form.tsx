"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { safeRedirectPath } from "@/lib/security/safe-redirect";

/** Only same-site paths: an open redirect would let a crafted link send users elsewhere after sign-in. */
export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        // "CredentialsSignin" is next-auth's code for a wrong email or password; other text is ours.
        setError(
          !result?.error || result.error === "CredentialsSignin"
            ? "Incorrect email or password. Check both and try again."
            : result.error,
        );
        return;
      }
      router.replace(safeRedirectPath(callbackUrl));
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  // POST, like every form with a password: a submit before hydration must not put it in the URL (history, server logs).
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate={false}>
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus aria-invalid={Boolean(error)} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={Boolean(error)} />
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending && <Spinner label="Signing in" />}
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
