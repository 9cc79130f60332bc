import { defineRoute } from "@/lib/api/define-route";
import { listGlobalAuditRoute } from "@/lib/audit/routes";

export const GET = defineRoute(listGlobalAuditRoute);
