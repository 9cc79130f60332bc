import { defineRoute } from "@/lib/api/define-route";
import { listUsersRoute } from "@/lib/admin/routes";

export const GET = defineRoute(listUsersRoute);
