import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { requireUser } from "@/lib/auth/session";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

/** Pages of the signed-in user above any one workspace: account, new workspace, admin, welcome. */
export default async function UserLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const tenants = await listMembershipsForUser({ userId: user.id });
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader user={user} tenants={tenants} />
      <main className="flex-1 px-4 py-8 sm:px-8">{children}</main>
    </div>
  );
}
