import { defineRoute } from "@/lib/api/define-route";
import { createCorrectionRoute, listCorrectionsRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(listCorrectionsRoute);
export const POST = defineRoute(createCorrectionRoute);
