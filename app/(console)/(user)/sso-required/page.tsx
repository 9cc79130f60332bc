import type { Metadata } from "next";
import Link from "next/link";
import { SsoButton } from "@/components/sso/sso-button";
import { requireUser } from "@/lib/auth/session";
import { oidcSettings } from "@/lib/env";
import { slugSchema } from "@/lib/tenancy/slug";

export const metadata: Metadata = { title: "Single sign-on required" };

/**
 * Where a member lands who opened a workspace that requires single sign-on from a session that
 * signed in with a password: why they cannot see it, and the way in. Names no workspace beyond the
 * address they asked for, so it confirms nothing to anyone who is not a member.
 */
export default async function SsoRequiredPage({ searchParams }: { searchParams: Promise<{ workspace?: string }> }) {
  await requireUser();
  const { workspace } = await searchParams;
  const slug = workspace && slugSchema.safeParse(workspace).success ? workspace : null;
  const oidc = oidcSettings();
  return (
    <div className="mx-auto max-w-md py-8">
      <h1 className="text-2xl font-semibold">This workspace requires single sign-on</h1>
      <p className="mt-2 text-slate-600">
        Its owners let only people who signed in through the organisation&apos;s identity provider open it. You signed in with
        a password.
      </p>
      <div className="mt-6 space-y-3">
        {oidc ? (
          <SsoButton name={oidc.name} variant="primary" callbackUrl={slug ? `/t/${slug}/documents` : "/"} />
        ) : (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Single sign-on is not configured on this console right now. Ask an owner of the workspace for help.
          </p>
        )}
        <p className="text-center text-sm">
          <Link href="/" className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
            Open another of your workspaces
          </Link>
        </p>
      </div>
    </div>
  );
}
