import { definePublicRoute } from "@/lib/api/define-public-route";
import { correctionOutcomeRoute } from "@/lib/corrections/routes";

export const POST = definePublicRoute(correctionOutcomeRoute);
