import { defineRoute } from "@/lib/api/define-route";
import { exportAuditRoute } from "@/lib/audit/routes";

export const GET = defineRoute(exportAuditRoute);
