"use client";

import { LogOut, Shield, UserRound } from "lucide-react";
import { signOutTo } from "@/components/auth/sign-out";
import { MenuButton, MenuLink, MenuSeparator, PopoverMenu } from "./popover-menu";

export function UserMenu({ name, email, isSuperuser }: { name: string; email: string; isSuperuser: boolean }) {
  const initials = (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
  return (
    <PopoverMenu
      id="account-menu"
      label="Account"
      align="end"
      triggerClassName="flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      trigger={
        // Named by what it shows, then what it is, so a voice command with the visible name finds it (WCAG 2.5.3).
        <>
          <span aria-hidden className="flex size-8 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white">
            {initials}
          </span>
          <span className="sr-only text-slate-700 sm:not-sr-only">{name || email}</span>
          <span className="sr-only">, account menu</span>
        </>
      }
      header={
        <div className="border-b border-slate-200 px-2 pt-2 pb-3 mb-1">
          <p className="text-sm font-medium text-slate-900">{name}</p>
          <p className="text-xs text-slate-500">{email}</p>
          {isSuperuser && <span className="mt-1.5 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Superuser</span>}
        </div>
      }
    >
      <MenuLink href="/account">
        <UserRound aria-hidden className="size-4" />
        Your account
      </MenuLink>
      {isSuperuser && (
        <MenuLink href="/admin">
          <Shield aria-hidden className="size-4" />
          Administration
        </MenuLink>
      )}
      <MenuSeparator />
      <MenuButton onClick={() => void signOutTo("/login")}>
        <LogOut aria-hidden className="size-4" />
        Sign out
      </MenuButton>
    </PopoverMenu>
  );
}
