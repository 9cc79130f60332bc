import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Scope } from "@/lib/auth/permissions";
import { getRequestUser, type SessionUser } from "@/lib/auth/session";
import { AppError, toAppError } from "@/lib/errors";
import { clientIpFrom, type RequestContext } from "./request-context";
import { resolveActor, type TenantAccess } from "./resolve-actor";

export type RouteParams = Record<string, string | string[] | undefined>;

interface RouteBase<S extends z.ZodObject, T> {
  name: string;
  /** From the query string for GET and for `rawBody` routes; otherwise from the JSON body. */
  input: S;
  /** The handler reads the request body itself (uploads); input comes from the query string. */
  rawBody?: boolean;
  status?: number;
  _result?: T;
}

export interface TenantRouteDefinition<S extends z.ZodObject, T> extends RouteBase<S, T> {
  kind: "tenant";
  scope: Scope;
  run(args: { input: z.infer<S>; ctx: RequestContext; params: RouteParams; request: NextRequest } & TenantAccess): Promise<T | Response>;
}

export interface UserRouteDefinition<S extends z.ZodObject, T> extends RouteBase<S, T> {
  kind: "user";
  superuser?: boolean;
  run(args: { input: z.infer<S>; ctx: RequestContext; params: RouteParams; request: NextRequest; user: SessionUser }): Promise<T | Response>;
}

export type RouteDefinition<S extends z.ZodObject, T> = TenantRouteDefinition<S, T> | UserRouteDefinition<S, T>;

async function readInput(request: NextRequest, rawBody: boolean | undefined): Promise<unknown> {
  if (rawBody || request.method === "GET" || request.method === "HEAD") return Object.fromEntries(request.nextUrl.searchParams);
  const text = await request.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request:json", "The request body is not valid JSON.");
  }
}

/** The route's input from the query string or JSON body, validated; a 400 names the first bad field. */
export async function parseRouteInput<S extends z.ZodObject>(def: { input: S; rawBody?: boolean }, request: NextRequest): Promise<z.infer<S>> {
  const parsed = def.input.safeParse(await readInput(request, def.rawBody));
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new AppError("bad_request:input", first ? `${first.path.join(".") || "input"}: ${first.message}` : undefined);
}

/** The workspace of a request: the `slug` path segment, else (for /api/v1) the X-Tenant header or `tenant` query. */
export function tenantSlugOf(request: NextRequest, params: RouteParams): string {
  if (typeof params.slug === "string") return params.slug;
  return request.headers.get("x-tenant") ?? request.nextUrl.searchParams.get("tenant") ?? "";
}

/**
 * Builds a route handler the one way every browser JSON route is built: session -> workspace ->
 * membership and scope -> input -> service, errors as `{ error: { code, message } }`.
 */
export function defineRoute<S extends z.ZodObject, T>(def: RouteDefinition<S, T>) {
  return async (request: NextRequest, context: { params: Promise<RouteParams> }): Promise<Response> => {
    const user = await getRequestUser(request);
    const ctx: RequestContext = { user, ip: clientIpFrom(request.headers.get("x-forwarded-for")) };
    try {
      if (!user) throw new AppError("unauthorized:session");
      // Next passes no params object to a route without dynamic segments (/api/v1/search).
      const params = (await context.params) ?? {};
      // Access first: a caller who may not use the route learns nothing from input validation.
      let access: TenantAccess | null = null;
      if (def.kind === "user") {
        if (def.superuser && !user.isSuperuser) throw new AppError("forbidden:superuser", "Only superusers can do this.");
      } else {
        const slug = tenantSlugOf(request, params);
        if (!slug) throw new AppError("bad_request:tenant", "Say which workspace: send its slug in the X-Tenant header or the `tenant` query parameter.");
        access = await resolveActor(ctx, slug, def.scope);
      }
      const input = await parseRouteInput(def, request);
      const data: T | Response =
        def.kind === "user" ? await def.run({ input, ctx, params, request, user }) : await def.run({ input, ctx, params, request, ...access! });
      if (data instanceof Response) return data;
      return Response.json(data, { status: def.status ?? 200, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return toAppError(error, { route: def.name, userId: user?.id }).toResponse();
    }
  };
}
