import { defineRoute } from "@/lib/api/define-route";
import { listAuditRoute } from "@/lib/audit/routes";

export const GET = defineRoute(listAuditRoute);
