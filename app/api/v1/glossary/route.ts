import { defineRoute } from "@/lib/api/define-route";
import { createGlossaryRoute, listGlossaryRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(listGlossaryRoute);
export const POST = defineRoute(createGlossaryRoute);
