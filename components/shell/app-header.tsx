import Link from "next/link";
import { SessionKeepAlive } from "@/components/auth/session-keep-alive";
import type { SessionUser } from "@/lib/auth/session";
import { TenantSwitcher, type SwitcherTenant } from "./tenant-switcher";
import { UserMenu } from "./user-menu";

export function AppHeader({ user, tenants, currentSlug }: { user: SessionUser; tenants: SwitcherTenant[]; currentSlug?: string }) {
  return (
    <header className="flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white px-4">
      <div className="flex items-center gap-4">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span className="flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-sm font-bold text-white">K</span>
          <span className="hidden md:inline">Knowledge Console</span>
        </Link>
        <TenantSwitcher tenants={tenants} currentSlug={currentSlug} />
      </div>
      <UserMenu name={user.name} email={user.email} isSuperuser={user.isSuperuser} />
      <SessionKeepAlive />
    </header>
  );
}
