"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const ONCE_A_MINUTE = 60_000;
const ACTIVITY = ["pointerdown", "keydown"] as const;

/**
 * Pages render on the server, where the session cookie cannot be re-issued, so the idle timeout
 * would run out under an active user. On activity (at most once a minute) this asks next-auth for
 * the session, which checks it and re-issues the cookie with a fresh last-seen time.
 */
export function SessionKeepAlive() {
  const pathname = usePathname();
  const lastPing = useRef(0);

  useEffect(() => {
    function onActivity() {
      if (Date.now() - lastPing.current < ONCE_A_MINUTE) return;
      lastPing.current = Date.now();
      void fetch("/api/auth/session", { cache: "no-store" }).catch(() => {});
    }
    onActivity();
    for (const event of ACTIVITY) window.addEventListener(event, onActivity, { passive: true });
    return () => {
      for (const event of ACTIVITY) window.removeEventListener(event, onActivity);
    };
  }, [pathname]);

  return null;
}
