import { defineRoute } from "@/lib/api/define-route";
import { getEvaluationSetRoute } from "@/lib/search/routes";

export const GET = defineRoute(getEvaluationSetRoute);
