import { defineRoute } from "@/lib/api/define-route";
import { listCorrectionsRoute } from "@/lib/corrections/routes";

export const GET = defineRoute(listCorrectionsRoute);
