import { z } from "zod";
import type { Role } from "@/db/schema";

/** Who performs a tenant operation: a signed-in user or an API key, always within one tenant. */
export interface Actor {
  tenantId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
  email?: string;
  isSuperuser?: boolean;
}

export const uuidSchema = z.uuid();
