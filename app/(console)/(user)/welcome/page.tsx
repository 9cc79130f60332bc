import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { readEnv } from "@/lib/env";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

export const metadata: Metadata = { title: "Welcome" };

export default async function WelcomePage() {
  const user = await requireUser();
  const tenants = await listMembershipsForUser({ userId: user.id });
  if (tenants.length > 0) redirect(`/t/${tenants[0]!.slug}/documents`);
  // "Ask to be invited" is no advice for a superuser, who may open any workspace.
  if (user.isSuperuser) redirect("/admin");
  const canCreate = readEnv().ALLOW_TENANT_CREATE || user.isSuperuser;
  return (
    <div className="mx-auto max-w-xl py-8 text-center">
      <h1 className="text-2xl font-semibold">You are not in any workspace yet</h1>
      <p className="mt-2 text-slate-600">
        Ask an owner or admin of a workspace to invite {user.email}. Once you accept the invitation, the workspace appears
        here and in the switcher at the top.
      </p>
      {canCreate && (
        <Link href="/workspaces/new" className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          Create a workspace
        </Link>
      )}
    </div>
  );
}
