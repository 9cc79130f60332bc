import { z } from "zod";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { AppError } from "@/lib/errors";
import { getEvaluationSet, listEvaluationSets } from "./evaluation-sets";
import { getEvaluationRun, search } from "./search-service";
import { searchInputSchema, type SearchResponse } from "./types";

/** POST a JSON body of SearchInput; the same for the console and /api/v1/search. */
export const searchRoute: TenantRouteDefinition<typeof searchInputSchema, SearchResponse> = {
  kind: "tenant",
  name: "search.run",
  scope: "search:run",
  input: searchInputSchema,
  run: ({ actor, input }) => search({ actor, input }),
};

const noInput = z.object({});

export const getEvaluationRunRoute: TenantRouteDefinition<typeof noInput, Awaited<ReturnType<typeof getEvaluationRun>>> = {
  kind: "tenant",
  name: "evaluation_runs.get",
  scope: "dashboards:read",
  input: noInput,
  run: ({ actor, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) throw new AppError("not_found:evaluation_run", "That search run does not exist in this workspace.");
    return getEvaluationRun({ actor, id: id.data });
  },
};

export const listEvaluationSetsRoute: TenantRouteDefinition<typeof noInput, { sets: Awaited<ReturnType<typeof listEvaluationSets>> }> = {
  kind: "tenant",
  name: "evaluation_sets.list",
  scope: "dashboards:read",
  input: noInput,
  run: async ({ actor }) => ({ sets: await listEvaluationSets({ actor }) }),
};

export const getEvaluationSetRoute: TenantRouteDefinition<typeof noInput, Awaited<ReturnType<typeof getEvaluationSet>>> = {
  kind: "tenant",
  name: "evaluation_sets.get",
  scope: "dashboards:read",
  input: noInput,
  run: ({ actor, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) throw new AppError("not_found:evaluation_set", "That evaluation set does not exist in this workspace.");
    return getEvaluationSet({ actor, setId: id.data });
  },
};
