import type { SessionUser } from "@/lib/auth/session";

/** Who is calling, resolved once per request by the action or route wrapper. */
export interface RequestContext {
  user: SessionUser | null;
  ip?: string;
  /** The origin the browser reached (lib/security/request-origin.ts), for links shown back to it. */
  origin?: string;
}
