import { defineRoute } from "@/lib/api/define-route";
import { importTenantRoute } from "@/lib/tenant-export/routes";

export const POST = defineRoute(importTenantRoute);
