import { z } from "zod";
import { defineTenantAction } from "@/lib/api/define-action";
import { createApiKey, revokeApiKey } from "./api-keys-service";
import { newApiKeySchema } from "./schemas";

export const createApiKeyAction = defineTenantAction({
  name: "api_keys.create",
  scope: "api_keys:manage",
  input: newApiKeySchema,
  run: ({ actor, input, ctx }) => createApiKey({ actor, input: { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt }, ip: ctx.ip }),
});

export const revokeApiKeyAction = defineTenantAction({
  name: "api_keys.revoke",
  scope: "api_keys:manage",
  input: z.object({ id: z.uuid() }),
  run: ({ actor, input, ctx }) => revokeApiKey({ actor, id: input.id, ip: ctx.ip }),
});
