import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { readEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  if (readEnv().ALLOW_SIGNUP !== "open") {
    return (
      <AuthCard title="Sign-up is by invitation" subtitle="Accounts on this console are created through invitations.">
        <p className="text-sm text-slate-600">Ask an owner or admin of a workspace to invite you; the invitation link lets you set your password.</p>
        <Link href="/login" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">
          Back to sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create an account">
      <SignUpForm />
    </AuthCard>
  );
}
