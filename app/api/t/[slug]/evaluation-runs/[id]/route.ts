import { defineRoute } from "@/lib/api/define-route";
import { getEvaluationRunRoute } from "@/lib/search/routes";

export const GET = defineRoute(getEvaluationRunRoute);
