import { definePublicRoute } from "@/lib/api/define-public-route";
import { createCorrectionRoute, listCorrectionsRoute } from "@/lib/corrections/routes";

export const GET = definePublicRoute(listCorrectionsRoute);
export const POST = definePublicRoute(createCorrectionRoute);
