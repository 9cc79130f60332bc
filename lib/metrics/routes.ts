import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { csvResponse } from "@/lib/api/stream-csv";
import { dashboardQuerySchema, resolveRange } from "./dashboard-range";
import { streamRunsCsv } from "./runs-export";

/** GET with the dashboard's own range and mode parameters; answers a streamed CSV file. */
export const exportRunsRoute: TenantRouteDefinition<typeof dashboardQuerySchema, Response> = {
  kind: "tenant",
  name: "evaluation_runs.export",
  scope: "dashboards:read",
  input: dashboardQuerySchema,
  run: async ({ actor, tenant, request }) => {
    const { range } = resolveRange(Object.fromEntries(request.nextUrl.searchParams));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return csvResponse(streamRunsCsv({ actor, range }), `${tenant.slug}-search-runs-${day(range.from)}-to-${day(range.to)}.csv`);
  },
};
