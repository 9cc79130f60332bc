import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation, NewUserInvitationForm } from "@/components/auth/invitation-forms";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";
import { getInvitationByToken } from "@/lib/members/invitations-service";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([getInvitationByToken({ token }), getSessionUser()]);
  const invitedUser = Boolean(invitation && user && user.email.toLowerCase() === invitation.email);
  // Where a new account lands after signing in: its invitation was accepted when it was created.
  if (invitation?.status === "accepted" && invitedUser) redirect(`/t/${invitation.tenantSlug}/documents`);

  if (!invitation || invitation.status !== "valid") {
    const reason = !invitation ? "This invitation link is not valid." : invitation.status === "expired" ? "This invitation has expired." : "This invitation was already accepted.";
    return (
      <AuthCard title="Invitation unavailable" subtitle={reason}>
        <p className="text-sm text-slate-600">Ask the person who invited you to send a new invitation.</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">
          Go to the console
        </Link>
      </AuthCard>
    );
  }

  const subtitle = (
    <>
      You are invited to <strong>{invitation.tenantName}</strong> as <strong>{invitation.role}</strong>.
    </>
  );
  if (user) {
    if (invitedUser) {
      return (
        <AuthCard title="Join the workspace" subtitle={subtitle}>
          <AcceptInvitation token={token} tenantName={invitation.tenantName} />
        </AuthCard>
      );
    }
    return (
      <AuthCard title="Join the workspace" subtitle={subtitle}>
        <p className="text-sm text-slate-700">
          This invitation is for <strong>{invitation.email}</strong>, but you are signed in as {user.email}. Sign out, then
          open the link again.
        </p>
        <SignOutButton callbackUrl={`/invite/${token}`} />
      </AuthCard>
    );
  }
  // The same page whether or not the address has an account: the link's holder may be the inviter.
  return (
    <AuthCard title="Join the workspace" subtitle={subtitle}>
      <p className="text-sm text-slate-700">
        Already have an account for {invitation.email}?{" "}
        <Link href={`/login?${new URLSearchParams({ callbackUrl: `/invite/${token}` })}`} className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
          Sign in to accept
        </Link>
        .
      </p>
      <h2 className="mt-6 text-sm font-semibold text-slate-900">New to the console? Create your account</h2>
      <div className="mt-3">
        <NewUserInvitationForm token={token} email={invitation.email} />
      </div>
    </AuthCard>
  );
}
