import { defineRoute } from "@/lib/api/define-route";
import { listMembersRoute } from "@/lib/members/routes";

export const GET = defineRoute(listMembersRoute);
