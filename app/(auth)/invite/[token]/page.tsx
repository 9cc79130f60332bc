import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation, NewUserInvitationForm } from "@/components/auth/invitation-forms";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";
import { getInvitationByToken } from "@/lib/members/invitations-service";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([getInvitationByToken({ token }), getSessionUser()]);

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
    if (user.email.toLowerCase() === invitation.email) {
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
  if (invitation.accountExists) {
    return (
      <AuthCard title="Join the workspace" subtitle={subtitle}>
        <p className="text-sm text-slate-700">Sign in as {invitation.email} to accept.</p>
        <Link
          href={`/login?${new URLSearchParams({ callbackUrl: `/invite/${token}` })}`}
          className="mt-4 block rounded-md bg-indigo-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-indigo-500"
        >
          Sign in to accept
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join the workspace" subtitle={subtitle}>
      <NewUserInvitationForm token={token} email={invitation.email} />
    </AuthCard>
  );
}
