import { defineRoute } from "@/lib/api/define-route";
import { exportRunsRoute } from "@/lib/metrics/routes";

export const GET = defineRoute(exportRunsRoute);
