"use client";

import Link from "next/link";
import type { KeyboardEvent, MouseEvent, ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { usePopoverToggle } from "./use-popover-toggle";

const ITEM = "flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-slate-700 outline-none hover:bg-slate-100 focus-visible:bg-slate-100";
const ITEMS = '[role="menuitem"]';

/**
 * A header menu: a button and a native popover holding a menu. Opening, Escape and a click outside
 * work before the page hydrates (no menu library in the page's start-up script); the script adds
 * focus on opening, the arrow keys, Home and End, and closes the menu when an item is chosen.
 * The popover sits under its button where the browser has CSS anchor positioning (globals.css,
 * `.header-menu`); elsewhere, in the popover's own place, the middle of the screen.
 */
export function PopoverMenu({
  id,
  label,
  align,
  trigger,
  triggerClassName,
  header,
  children,
}: {
  id: string;
  /** The menu's accessible name. */
  label: string;
  /** Which edge of the button the menu lines up with. */
  align: "start" | "end";
  trigger: ReactNode;
  triggerClassName: string;
  /** Shown above the items, outside the menu itself (e.g. who is signed in). */
  header?: ReactNode;
  children: ReactNode;
}) {
  const { open, button, panel, onToggle } = usePopoverToggle((opened) => opened.querySelector<HTMLElement>(ITEMS));
  const anchor = `--${id}`;

  function items(): HTMLElement[] {
    return Array.from(panel.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const last = all.length - 1;
    const next: Record<string, number> = { ArrowDown: at >= last ? 0 : at + 1, ArrowUp: at <= 0 ? last : at - 1, Home: 0, End: last };
    if (!(event.key in next) || all.length === 0) return;
    event.preventDefault();
    all[next[event.key]!]?.focus();
  }

  function closeOnChoice(event: MouseEvent<HTMLDivElement>) {
    if ((event.target as Element).closest(ITEMS)) panel.current?.hidePopover();
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={id}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        style={{ anchorName: anchor }}
        className={triggerClassName}
      >
        {trigger}
      </button>
      <div
        ref={panel}
        id={id}
        popover="auto"
        onToggle={onToggle}
        onKeyDown={onKeyDown}
        onClick={closeOnChoice}
        data-align={align}
        style={{ positionAnchor: anchor }}
        className="header-menu min-w-60 rounded-lg border border-slate-200 bg-white p-1 text-slate-900 shadow-lg"
      >
        {header}
        <div role="menu" aria-label={label}>
          {children}
        </div>
      </div>
    </>
  );
}

export function MenuLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <Link role="menuitem" href={href} className={cn(ITEM, className)}>
      {children}
    </Link>
  );
}

export function MenuButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button role="menuitem" type="button" onClick={onClick} className={ITEM}>
      {children}
    </button>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-slate-200" />;
}
