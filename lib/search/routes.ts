import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { search } from "./search-service";
import { searchInputSchema, type SearchResponse } from "./types";

/** POST a JSON body of SearchInput; the same for the console and /api/v1/search. */
export const searchRoute: TenantRouteDefinition<typeof searchInputSchema, SearchResponse> = {
  kind: "tenant",
  name: "search.run",
  scope: "search:run",
  input: searchInputSchema,
  run: ({ actor, input }) => search({ actor, input }),
};
