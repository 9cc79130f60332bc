import { definePublicRoute } from "@/lib/api/define-public-route";
import { createGlossaryRoute, listGlossaryRoute } from "@/lib/corrections/routes";

export const GET = definePublicRoute(listGlossaryRoute);
export const POST = definePublicRoute(createGlossaryRoute);
