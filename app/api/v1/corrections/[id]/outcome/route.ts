import { defineRoute } from "@/lib/api/define-route";
import { correctionOutcomeRoute } from "@/lib/corrections/routes";

export const POST = defineRoute(correctionOutcomeRoute);
