import type { Metadata } from "next";
import { InvitationsPanel } from "@/components/members/invitations-panel";
import { LeaveWorkspace } from "@/components/members/leave-workspace";
import { MembersTable } from "@/components/members/members-table";
import { RoleMatrix } from "@/components/members/role-matrix";
import { can } from "@/lib/auth/permissions";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, actor } = await getCurrentTenant(slug);
  return (
    <div className="max-w-5xl space-y-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
          <p className="mt-1 text-slate-600">Who is in {tenant.name}, and what each of them may do.</p>
        </div>
        <LeaveWorkspace />
      </header>
      <MembersTable />
      {can(actor.role, "members:invite") && <InvitationsPanel />}
      <RoleMatrix />
    </div>
  );
}
