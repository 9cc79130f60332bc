"use client";

import { useEffect } from "react";

/**
 * Marks <html data-hydrated="true"> once React has hydrated the page, so end-to-end tests (and
 * anything else that must not act on a page whose controls are still inert) can wait for it rather
 * than sleep. Rendered once, in the root layout; client-side navigations keep the mark.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
