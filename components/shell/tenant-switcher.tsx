"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

export interface SwitcherTenant {
  slug: string;
  name: string;
  role: string;
}

export function TenantSwitcher({ tenants, currentSlug }: { tenants: SwitcherTenant[]; currentSlug?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = tenants.find((t) => t.slug === currentSlug);

  function switchTo(slug: string) {
    // Stay in the same area of the console when switching workspaces.
    const area = currentSlug ? pathname.split("/")[3] : undefined;
    router.push(`/t/${slug}${area ? `/${area}` : ""}`);
  }

  return (
    // Not modal: a modal menu hides the page with aria-hidden while its links stay focusable (axe aria-hidden-focus).
    <DropdownMenu.Root modal={false}>
      {/* Named by what it shows, then what it does (WCAG 2.5.3: the visible text is part of the name). */}
      <DropdownMenu.Trigger
        className="flex min-w-0 items-center justify-between gap-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:min-w-48"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium text-slate-900" data-testid="current-tenant">
            {current?.name ?? "Choose a workspace"}
          </span>
          {current && <span className="block text-xs capitalize text-slate-500">{current.role}</span>}
          <span className="sr-only">, switch workspace</span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-slate-400" />
      </DropdownMenu.Trigger>
      {/* In place, not in a portal: the open menu stays inside the header's banner landmark. */}
      <DropdownMenu.Content
        align="start"
        sideOffset={6}
        className="z-50 min-w-56 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
      >
        <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">
          Your workspaces
        </DropdownMenu.Label>
        {tenants.length === 0 && (
          <p className="px-2 py-1.5 text-sm text-slate-500">You are not a member of any workspace yet.</p>
        )}
        {tenants.map((tenant) => (
          <DropdownMenu.Item
            key={tenant.slug}
            onSelect={() => switchTo(tenant.slug)}
            className="flex cursor-pointer items-center justify-between gap-4 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
          >
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
          </DropdownMenu.Item>
        ))}
        <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
        <DropdownMenu.Item asChild className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100">
          <Link href="/workspaces/new">
            <Plus aria-hidden className="size-4" />
            Create workspace
          </Link>
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
