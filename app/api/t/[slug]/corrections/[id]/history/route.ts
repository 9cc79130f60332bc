import { defineRoute } from "@/lib/api/define-route";
import { correctionHistoryRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(correctionHistoryRoute);
