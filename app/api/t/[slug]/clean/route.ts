import { defineRoute } from "@/lib/api/define-route";
import { cleanRoute } from "@/lib/corrections/routes";

export const POST = defineRoute(cleanRoute);
