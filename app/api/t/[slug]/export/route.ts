import { defineRoute } from "@/lib/api/define-route";
import { exportTenantRoute } from "@/lib/tenant-export/routes";

export const GET = defineRoute(exportTenantRoute);
