import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionUser } from "@/lib/auth/session";
import { readEnv } from "@/lib/env";
import { safeRedirectPath } from "@/lib/security/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; notice?: string }> }) {
  const { callbackUrl, notice } = await searchParams;
  if (await getSessionUser()) redirect(safeRedirectPath(callbackUrl));
  return (
    <AuthCard title="Sign in to the Knowledge Console" subtitle="Use the email and password of your account.">
      {notice === "password-reset" && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your password was changed. Sign in with the new one.
        </p>
      )}
      {notice === "signed-up" && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Sign in with your email and password. If that address already had an account, its owner was sent an email.
        </p>
      )}
      <LoginForm callbackUrl={safeRedirectPath(callbackUrl)} />
      <p className="mt-3 text-center text-sm">
        <Link href="/forgot" className="font-medium text-indigo-700 hover:underline">
          Forgot password?
        </Link>
      </p>
      {readEnv().ALLOW_SIGNUP === "open" && (
        <p className="mt-4 text-center text-sm text-slate-600">
          New here?{" "}
          <Link href="/signup" className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
            Create an account
          </Link>
        </p>
      )}
    </AuthCard>
  );
}
