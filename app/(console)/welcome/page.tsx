import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/shell/app-header";
import { requireUser } from "@/lib/auth/session";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

export const metadata: Metadata = { title: "Welcome" };

export default async function WelcomePage() {
  const user = await requireUser();
  const tenants = await listMembershipsForUser({ userId: user.id });
  if (tenants.length > 0) redirect(`/t/${tenants[0]!.slug}/documents`);
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader user={user} tenants={[]} />
      <main className="mx-auto max-w-xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">You are not in any workspace yet</h1>
        <p className="mt-2 text-slate-600">
          Ask an owner or admin of a workspace to invite {user.email}. Once you accept the invitation, the
          workspace appears here and in the switcher at the top.
        </p>
      </main>
    </div>
  );
}
