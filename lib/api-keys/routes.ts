import { z } from "zod";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { listApiKeys, type ApiKeyView } from "./api-keys-service";

const noInput = z.object({});

export const listApiKeysRoute: TenantRouteDefinition<typeof noInput, { keys: ApiKeyView[] }> = {
  kind: "tenant",
  name: "api_keys.list",
  scope: "api_keys:read",
  input: noInput,
  run: async ({ actor }) => ({ keys: await listApiKeys({ actor }) }),
};
