import { defineRoute } from "@/lib/api/define-route";
import { updateCorrectionRoute } from "@/lib/corrections/routes";

export const PATCH = defineRoute(updateCorrectionRoute);
