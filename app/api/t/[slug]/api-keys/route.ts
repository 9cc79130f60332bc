import { defineRoute } from "@/lib/api/define-route";
import { listApiKeysRoute } from "@/lib/api-keys/routes";

export const GET = defineRoute(listApiKeysRoute);
