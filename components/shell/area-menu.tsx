"use client";

import { Menu, X } from "lucide-react";
import type { MouseEvent } from "react";
import type { Role } from "@/db/schema";
import { SidebarNav } from "./sidebar-nav";
import { usePopoverToggle } from "./use-popover-toggle";

const PANEL_ID = "area-menu";

/**
 * The workspace areas below 1024 px, in a drawer. A native popover, so the button, Escape and a
 * click outside work before the page hydrates; the script moves focus in and back out, and closes
 * the drawer when one of its links is followed.
 */
export function AreaMenu({ slug, role, isSuperuser = false }: { slug: string; role: Role; isSuperuser?: boolean }) {
  const { open, button, panel, onToggle } = usePopoverToggle(
    (links) => links.querySelector<HTMLElement>('[aria-current="page"]') ?? links.querySelector<HTMLElement>("a"),
  );

  function closeOnLink(event: MouseEvent<HTMLDivElement>) {
    if ((event.target as Element).closest("a")) panel.current?.hidePopover();
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={PANEL_ID}
        aria-expanded={open}
        aria-controls={PANEL_ID}
        className="flex shrink-0 items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 lg:hidden"
      >
        <Menu aria-hidden className="size-5" />
        Menu
      </button>
      {/* No display utility here: it would override the hidden state of a closed popover. */}
      <div
        ref={panel}
        id={PANEL_ID}
        popover="auto"
        onToggle={onToggle}
        onClick={closeOnLink}
        className="inset-y-0 right-auto left-0 m-0 h-full max-h-none w-72 max-w-[85vw] overflow-y-auto border-0 border-r border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/30 lg:hidden"
      >
        <div className="flex h-14 items-center justify-between border-b border-slate-200 px-4">
          <span className="font-semibold">Knowledge Console</span>
          <button
            type="button"
            popoverTarget={PANEL_ID}
            popoverTargetAction="hide"
            aria-label="Close menu"
            className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <X aria-hidden className="size-5" />
          </button>
        </div>
        <SidebarNav slug={slug} role={role} isSuperuser={isSuperuser} />
      </div>
    </>
  );
}
