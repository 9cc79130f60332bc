import Link from "next/link";
import type { ReactNode } from "react";
import { SessionKeepAlive } from "@/components/auth/session-keep-alive";
import type { SessionUser } from "@/lib/auth/session";
import { TenantSwitcher, type SwitcherTenant } from "./tenant-switcher";
import { UserMenu } from "./user-menu";

interface AppHeaderProps {
  user: SessionUser;
  tenants: SwitcherTenant[];
  currentSlug?: string;
  /** The button that opens the navigation on narrow screens, where the layout has one. */
  menu?: ReactNode;
}

export function AppHeader({ user, tenants, currentSlug, menu }: AppHeaderProps) {
  return (
    <header className="flex h-14 items-center justify-between gap-2 border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4">
      <div className="flex min-w-0 items-center gap-2 sm:gap-4">
        {menu}
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold text-slate-900">
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
