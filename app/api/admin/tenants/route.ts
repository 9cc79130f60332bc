import { defineRoute } from "@/lib/api/define-route";
import { listTenantsRoute } from "@/lib/admin/routes";

export const GET = defineRoute(listTenantsRoute);
