"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signUp } from "@/app/(auth)/signup/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";
import { NewPasswordFields, repeatedPassword } from "./new-password-fields";

export function SignUpForm() {
  const router = useRouter();
  const create = useAction(signUp);
  const [mismatch, setMismatch] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "");
    const password = repeatedPassword(data, "password");
    setMismatch(password === null);
    if (password === null) return;
    const result = await create.run({ email, password, fullName: String(data.get("fullName") ?? "") });
    if (!result.ok) return;
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    // Sign-up answers alike for a new and a taken address; only the sign-in that follows can differ.
    if (!signedIn?.ok || signedIn.error) {
      router.push("/login?notice=signed-up");
      return;
    }
    router.push("/");
    router.refresh();
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4">
      <Field label="Your name" name="fullName" required autoComplete="name" errors={create.fieldErrors.fullName} />
      <Field label="Email" name="email" type="email" required autoComplete="email" errors={create.fieldErrors.email} />
      <NewPasswordFields name="password" label="Password" repeatLabel="Repeat the password" errors={create.fieldErrors.password} mismatch={mismatch} />
      <FormError message={create.formError} />
      <Button type="submit" className="w-full" disabled={create.pending}>
        {create.pending ? "Creating…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
          Sign in
        </Link>
      </p>
    </form>
  );
}
