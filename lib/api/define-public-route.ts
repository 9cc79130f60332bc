import "server-only";
import type { z } from "zod";
import { routeHandler, type TenantRouteDefinition } from "./define-route";

/**
 * A route of the public /api/v1: the same path as every route (see routeHandler), entered by an
 * API key or the browser session. A key acts in its own workspace only, with its own scopes; a
 * session acts with its member's role in the workspace named by X-Tenant. Every answer carries
 * X-Request-Id and the caller's rate limit; errors also carry `requestId`.
 */
export function definePublicRoute<S extends z.ZodObject, T>(def: TenantRouteDefinition<S, T>) {
  return routeHandler(def, "api");
}
