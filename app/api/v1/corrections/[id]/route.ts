import { definePublicRoute } from "@/lib/api/define-public-route";
import { updateCorrectionRoute } from "@/lib/corrections/routes";

export const PATCH = definePublicRoute(updateCorrectionRoute);
