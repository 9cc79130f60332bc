"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { LogOut, Shield, UserRound } from "lucide-react";
import Link from "next/link";
import { signOutTo } from "@/components/auth/sign-out";

const ITEM = "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100";

export function UserMenu({ name, email, isSuperuser }: { name: string; email: string; isSuperuser: boolean }) {
  const initials = (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
  return (
    // Not modal: a modal menu hides the page with aria-hidden while its links stay focusable (axe aria-hidden-focus).
    <DropdownMenu.Root modal={false}>
      {/* Named by what it shows, then what it is, so a voice command with the visible name finds it (WCAG 2.5.3). */}
      <DropdownMenu.Trigger className="flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span aria-hidden className="flex size-8 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white">
          {initials}
        </span>
        <span className="sr-only text-slate-700 sm:not-sr-only">{name || email}</span>
        <span className="sr-only">, account menu</span>
      </DropdownMenu.Trigger>
      {/* In place, not in a portal: the open menu stays inside the header's banner landmark. */}
      <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-60 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
        <div className="px-2 py-2">
          <p className="text-sm font-medium text-slate-900">{name}</p>
          <p className="text-xs text-slate-500">{email}</p>
          {isSuperuser && (
            <span className="mt-1.5 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">
              Superuser
            </span>
          )}
        </div>
        <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
        <DropdownMenu.Item asChild className={ITEM}>
          <Link href="/account">
            <UserRound aria-hidden className="size-4" />
            Your account
          </Link>
        </DropdownMenu.Item>
        {isSuperuser && (
          <DropdownMenu.Item asChild className={ITEM}>
            <Link href="/admin">
              <Shield aria-hidden className="size-4" />
              Administration
            </Link>
          </DropdownMenu.Item>
        )}
        <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
        <DropdownMenu.Item
          onSelect={() => void signOutTo("/login")}
          className={ITEM}
        >
          <LogOut aria-hidden className="size-4" />
          Sign out
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
