import { defineRoute } from "@/lib/api/define-route";
import { listEvaluationSetsRoute } from "@/lib/search/routes";

export const GET = defineRoute(listEvaluationSetsRoute);
