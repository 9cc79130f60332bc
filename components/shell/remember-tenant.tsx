"use client";

import { useEffect } from "react";
import { LAST_TENANT_COOKIE } from "./last-tenant";

/** Remembers the workspace in view so `/` reopens it next time. */
export function RememberTenant({ slug }: { slug: string }) {
  useEffect(() => {
    document.cookie = `${LAST_TENANT_COOKIE}=${encodeURIComponent(slug)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  }, [slug]);
  return null;
}
