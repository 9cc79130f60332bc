import { defineRoute } from "@/lib/api/define-route";
import { listGlossaryRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(listGlossaryRoute);
