"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { usePathname } from "next/navigation";
import { MenuLink, MenuSeparator, PopoverMenu } from "./popover-menu";

export interface SwitcherTenant {
  slug: string;
  name: string;
  role: string;
}

export function TenantSwitcher({ tenants, currentSlug }: { tenants: SwitcherTenant[]; currentSlug?: string }) {
  const pathname = usePathname();
  const current = tenants.find((t) => t.slug === currentSlug);
  // Switching keeps the same area of the console (documents, search, …).
  const area = currentSlug ? pathname.split("/")[3] : undefined;

  return (
    <PopoverMenu
      id="workspace-menu"
      label="Your workspaces"
      align="start"
      triggerClassName="flex min-w-0 items-center justify-between gap-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:min-w-48"
      trigger={
        // Named by what it shows, then what it does (WCAG 2.5.3: the visible text is part of the name).
        <>
          <span className="min-w-0">
            <span className="block truncate font-medium text-slate-900" data-testid="current-tenant">
              {current?.name ?? "Choose a workspace"}
            </span>
            {current && <span className="block text-xs capitalize text-slate-500">{current.role}</span>}
            <span className="sr-only">, switch workspace</span>
          </span>
          <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-slate-400" />
        </>
      }
      header={
        <>
          <p className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">Your workspaces</p>
          {tenants.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-500">You are not a member of any workspace yet.</p>}
        </>
      }
    >
      {tenants.map((tenant) => (
        <MenuLink key={tenant.slug} href={`/t/${tenant.slug}${area ? `/${area}` : ""}`} className="justify-between gap-4">
          <span>
            <span className="block text-slate-900">{tenant.name}</span>
            <span className="block text-xs capitalize text-slate-500">{tenant.role}</span>
          </span>
          {tenant.slug === currentSlug && (
            <>
              <Check aria-hidden className="size-4 text-indigo-600" />
              <span className="sr-only">(current)</span>
            </>
          )}
        </MenuLink>
      ))}
      <MenuSeparator />
      <MenuLink href="/workspaces/new">
        <Plus aria-hidden className="size-4" />
        Create workspace
      </MenuLink>
    </PopoverMenu>
  );
}
