import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { SELF_SERVICE_RESET_MINUTES, selfServiceResetAvailable } from "@/lib/accounts/password-reset-request";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  const back = (
    <p className="mt-4 text-center text-sm text-slate-600">
      <Link href="/login" className="font-medium text-indigo-700 hover:underline">
        Back to sign in
      </Link>
    </p>
  );
  if (!selfServiceResetAvailable()) {
    return (
      <AuthCard title="Forgot your password?" subtitle="This console sends no email, so it cannot send you a reset link.">
        <p className="text-sm text-slate-600">Ask an admin of your workspace, or the console&apos;s administrator, for a password reset link.</p>
        {back}
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Forgot your password?" subtitle={`Enter your account's email address. We will send a link to choose a new password; it works once, for ${SELF_SERVICE_RESET_MINUTES} minutes.`}>
      <ForgotPasswordForm />
      {back}
    </AuthCard>
  );
}
