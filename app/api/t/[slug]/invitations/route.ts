import { defineRoute } from "@/lib/api/define-route";
import { listInvitationsRoute } from "@/lib/members/routes";

export const GET = defineRoute(listInvitationsRoute);
