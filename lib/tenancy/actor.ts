import { z } from "zod";
import type { Role } from "@/db/schema";
import { can, type Scope } from "@/lib/auth/permissions";

/** Who performs a tenant operation: a signed-in user or an API key, always within one tenant. */
export interface Actor {
  tenantId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
  /** An API key's own permissions: a key may do only what both these and its role allow. */
  scopes?: readonly Scope[];
  email?: string;
  isSuperuser?: boolean;
}

/** Whether the actor may use `scope`: its role's permission, narrowed to a key's own grant. */
export function actorCan(actor: Actor, scope: Scope): boolean {
  return can(actor.role, scope) && (!actor.scopes || actor.scopes.includes(scope));
}

export const uuidSchema = z.uuid();
