"use client";

import { useRef, useState, type ToggleEvent } from "react";

/**
 * The script's part of a native popover opened by a button: whether it is open (for aria-expanded),
 * focus moved into it on opening (to the element `focusOnOpen` picks), and back to the button when
 * it closes with focus inside it or nowhere (Escape, a chosen link), not when a click elsewhere took focus.
 */
export function usePopoverToggle(focusOnOpen: (panel: HTMLElement) => HTMLElement | null | undefined) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  function onToggle(event: ToggleEvent<HTMLDivElement>) {
    const opened = event.newState === "open";
    setOpen(opened);
    if (opened) focusOnOpen(event.currentTarget)?.focus();
    else if (document.activeElement === document.body || event.currentTarget.contains(document.activeElement)) button.current?.focus();
  }

  return { open, button, panel, onToggle };
}
