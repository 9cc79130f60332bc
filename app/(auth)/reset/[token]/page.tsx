import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isResetTokenValid } from "@/lib/accounts/accounts-service";
import { selfServiceResetAvailable } from "@/lib/accounts/password-reset-request";

export const metadata: Metadata = { title: "Reset password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await isResetTokenValid({ token }))) {
    return (
      <AuthCard title="Link not valid" subtitle="This reset link has expired or was already used.">
        <p className="text-sm text-slate-600">
          {selfServiceResetAvailable() ? (
            <>
              <Link href="/forgot" className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
                Send a new link
              </Link>{" "}
              to your email, or ask an admin for one.
            </>
          ) : (
            "Ask an administrator for a new reset link."
          )}
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
