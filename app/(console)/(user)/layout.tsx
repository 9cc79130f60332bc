import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { MAIN_ID, SkipLink } from "@/components/shell/skip-link";
import { requireUser } from "@/lib/auth/session";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

/** Pages of the signed-in user above any one workspace: account, new workspace, admin, welcome. */
export default async function UserLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const tenants = await listMembershipsForUser({ userId: user.id });
  return (
    <div className="flex min-h-full flex-col">
      <SkipLink />
      <AppHeader user={user} tenants={tenants} />
      <main id={MAIN_ID} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-8 sm:py-8">
        {children}
      </main>
    </div>
  );
}
