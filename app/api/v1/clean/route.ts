import { definePublicRoute } from "@/lib/api/define-public-route";
import { cleanRoute } from "@/lib/corrections/routes";

export const POST = definePublicRoute(cleanRoute);
