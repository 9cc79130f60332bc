import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { SsoButton } from "@/components/sso/sso-button";
import { getSessionUser } from "@/lib/auth/session";
import { oidcSettings, readEnv } from "@/lib/env";
import { safeRedirectPath } from "@/lib/security/safe-redirect";
import { SSO_REFUSALS, type SsoRefusal } from "@/lib/sso/sso-sign-in";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth sends a failed sign-in back here with `?error=<code>`: ours say why, its own mean SSO broke down. */
function signInError(code: string | undefined): string | null {
  if (!code) return null;
  if (code in SSO_REFUSALS) return SSO_REFUSALS[code as SsoRefusal];
  return "Single sign-on did not complete. Try again; if it keeps failing, ask an administrator to check the identity provider's settings.";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; notice?: string; error?: string }> }) {
  const { callbackUrl, notice, error } = await searchParams;
  if (await getSessionUser()) redirect(safeRedirectPath(callbackUrl));
  const oidc = oidcSettings();
  // next-auth's own code for a wrong password on a plain form post is shown by the form itself.
  const failure = error === "CredentialsSignin" ? null : signInError(error);
  return (
    <AuthCard
      title="Sign in to the Knowledge Console"
      subtitle={oidc ? `Use ${oidc.name}, or the email and password of your account.` : "Use the email and password of your account."}
    >
      {failure && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {failure}
        </p>
      )}
      {oidc && (
        <div className="mb-5">
          <SsoButton name={oidc.name} callbackUrl={safeRedirectPath(callbackUrl)} />
          <p aria-hidden className="mt-5 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500 before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">
            or
          </p>
        </div>
      )}
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
