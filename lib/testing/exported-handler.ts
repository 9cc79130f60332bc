import type { NextRequest } from "next/server";

export type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

/**
 * The handler that the route file of `route` exports for its method, so a test calls exactly what
 * is served, through whichever wrapper the file uses (console or public API), without choosing one.
 */
export function exportedHandler(route: { path: string; method: string }): RouteHandler {
  return async (request, context) => {
    const file = (await import(/* @vite-ignore */ `@/app${route.path}/route`)) as Record<string, RouteHandler | undefined>;
    const handler = file[route.method];
    if (!handler) throw new Error(`app${route.path}/route.ts exports no ${route.method}`);
    return handler(request, context);
  };
}
