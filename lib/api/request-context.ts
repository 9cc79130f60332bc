import type { SessionUser } from "@/lib/auth/session";

/** Who is calling, resolved once per request by the action or route wrapper. */
export interface RequestContext {
  user: SessionUser | null;
  ip?: string;
}

/** The first address in X-Forwarded-For, when it looks like an IP (it is stored in an inet column). */
export function clientIpFrom(value: string | null | undefined): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first && /^[0-9a-fA-F.:]+$/.test(first) ? first : undefined;
}
