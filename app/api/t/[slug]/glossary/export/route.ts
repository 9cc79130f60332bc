import { defineRoute } from "@/lib/api/define-route";
import { exportGlossaryRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(exportGlossaryRoute);
