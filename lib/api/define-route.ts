import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { KeyAccess } from "@/lib/api-keys/api-keys-service";
import type { Scope } from "@/lib/auth/permissions";
import { getRequestUser, type SessionUser } from "@/lib/auth/session";
import { AppError, RETRY_AFTER_SECONDS, toAppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/security/same-origin";
import { clientAddress } from "@/lib/security/client-address";
import { PoolTaskError, runInPool } from "@/lib/workers/pool";
import { decodeBody, parseJsonText, validateInput, type BodyProblem } from "./json-body";
import { assertCleanAddress } from "./nul-characters";
import { isOffThreadRoute } from "./parse-input-task";
import { consumeRateLimit, RateLimitedError, rateLimitHeaders, type RateLimitState } from "./rate-limit";
import type { RequestContext } from "./request-context";
import { authenticateKey, authorizeKey, resolveActor, type TenantAccess } from "./resolve-actor";

export type RouteParams = Record<string, string | string[] | undefined>;

interface RouteBase<S extends z.ZodObject, T> {
  name: string;
  /** From the query string for GET and for `rawBody` routes; otherwise from the JSON body. */
  input: S;
  /** The handler reads the request body itself (uploads); input comes from the query string. */
  rawBody?: boolean;
  /** Largest JSON body accepted, in bytes; JSON_BODY_LIMIT unless the route carries documents. */
  maxBodyBytes?: number;
  /** The JSON body is decoded, parsed and validated on a pool thread (megabytes of it would stall this one); see parse-input-task.ts. */
  parseBodyOffThread?: boolean;
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

/** Largest JSON body a route accepts unless it says otherwise: far above any form, far below memory trouble. */
export const JSON_BODY_LIMIT = 1024 * 1024;
const sizeName = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

function bodyTooLarge(limit: number): AppError {
  return new AppError("too_large:body", `The request body is larger than the ${sizeName(limit)} limit of this endpoint.`);
}

// fetch() labels a string body text/plain unless told otherwise, so that is read as JSON too.
function isJsonContentType(header: string | null): boolean {
  if (header === null) return true;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type) || type === "text/plain" || type === "";
}

/** The body's bytes, read no further than `limit`, whatever Content-Length claims; in a buffer of their own, so it can be handed to a thread. */
async function readBodyBytes(request: NextRequest, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(limit);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function assertJsonContentType(request: NextRequest): void {
  const contentType = request.headers.get("content-type");
  if (!isJsonContentType(contentType)) {
    throw new AppError("unsupported_type:body", `Send the body as JSON with Content-Type: application/json (got ${contentType!.split(";")[0]!.trim().slice(0, 100)}).`);
  }
}

const refused = (problem: BodyProblem) => new AppError(problem.code, problem.message, { field: problem.field });

async function readInput(request: NextRequest, def: { rawBody?: boolean; maxBodyBytes?: number }): Promise<unknown> {
  if (def.rawBody || request.method === "GET" || request.method === "HEAD") return Object.fromEntries(request.nextUrl.searchParams);
  assertJsonContentType(request);
  const decoded = decodeBody(await readBodyBytes(request, def.maxBodyBytes ?? JSON_BODY_LIMIT));
  if (!decoded.ok) throw refused(decoded);
  const parsed = parseJsonText(decoded.text);
  if (!parsed.ok) throw refused(parsed);
  return parsed.value;
}

/** A body too big to parse on the request thread: read here, decoded, parsed and validated on a pool thread. */
async function parseBodyOnThread(request: NextRequest, def: { name: string; maxBodyBytes?: number }): Promise<unknown> {
  if (!isOffThreadRoute(def.name)) throw new Error(`${def.name} parses its body off the request thread but has no schema in parse-input-task.ts`);
  assertJsonContentType(request);
  const bytes = await readBodyBytes(request, def.maxBodyBytes ?? JSON_BODY_LIMIT);
  let result;
  try {
    result = await runInPool("parseInput", { route: def.name, bytes }, { budgetMs: PARSE_BODY_BUDGET_MS, signal: request.signal, transfer: [bytes.buffer as ArrayBuffer] });
  } catch (error) {
    if (!(error instanceof PoolTaskError)) throw error;
    if (error.reason === "cancelled") throw new AppError("bad_request:cancelled", "The request was cancelled before its body was read; nothing was done.");
    if (error.reason === "budget" || error.reason === "memory") {
      throw new AppError("too_large:body", "The request body took too much time or memory to read, so nothing was done. Send less at once.");
    }
    throw error;
  }
  if (!result.ok) throw refused(result);
  return result.input;
}

/** Far more than parsing a body of the largest allowed size takes. */
const PARSE_BODY_BUDGET_MS = 10_000;

/** The route's input from the query string or JSON body, validated; a 400 says what is wrong with the first bad field, and `field` names it. */
export async function parseRouteInput<S extends z.ZodObject>(
  def: { name: string; input: S; rawBody?: boolean; maxBodyBytes?: number; parseBodyOffThread?: boolean },
  request: NextRequest,
): Promise<z.infer<S>> {
  if (def.parseBodyOffThread && request.method !== "GET" && request.method !== "HEAD") return (await parseBodyOnThread(request, def)) as z.infer<S>;
  const validated = validateInput(await readInput(request, def), def.input);
  if (!validated.ok) throw refused(validated);
  return validated.input;
}

/** The workspace a signed-in caller names: the `slug` path segment, else (for /api/v1) the X-Tenant header or `tenant` query. */
function tenantSlugOf(request: NextRequest, params: RouteParams): string {
  const slug = typeof params.slug === "string" ? params.slug : (request.headers.get("x-tenant") ?? request.nextUrl.searchParams.get("tenant") ?? "");
  if (!slug) throw new AppError("bad_request:tenant", "Say which workspace: send its slug in the X-Tenant header or the `tenant` query parameter.");
  return slug;
}

/** A key from `Authorization: Bearer <key>` or, for older clients, `X-API-Key`. */
function presentedKey(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, value] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer" && value) return value;
  }
  return headers.get("x-api-key")?.trim() || null;
}

/** The caller's request id when it is a sane token (so logs can be joined across systems), else a new one. */
function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : randomUUID();
}

/**
 * Where a route is served. `console`: the browser's own routes, by session only. `api`: the public
 * /api/v1, by API key or session; each answer carries a request id and each caller a rate limit.
 */
export type RouteSurface = "console" | "api";

/** Access for a caller who passed authentication: null for user routes, which act on no workspace. */
async function authorize(def: Pick<TenantRouteDefinition<z.ZodObject, unknown>, "kind" | "scope"> | Pick<UserRouteDefinition<z.ZodObject, unknown>, "kind" | "superuser">, ctx: RequestContext, key: KeyAccess | null, request: NextRequest, params: RouteParams): Promise<TenantAccess | null> {
  if (def.kind === "tenant") return key ? authorizeKey(ctx, key, def.scope) : resolveActor(ctx, tenantSlugOf(request, params), def.scope);
  if (!ctx.user) throw new AppError("unauthorized:session");
  if (def.superuser && !ctx.user.isSuperuser) throw new AppError("forbidden:superuser", "Only superusers can do this.");
  return null;
}

/** An error as every route answers it: `{ error: { code, message, field?, requestId? } }`, never cached. */
function errorResponse(error: AppError, surface: RouteSurface, requestId: string | undefined, limit: RateLimitState | null): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store", ...(requestId ? { "X-Request-Id": requestId } : {}), ...rateLimitHeaders(limit) };
  if (error instanceof RateLimitedError) Object.assign(headers, rateLimitHeaders(error.state), { "Retry-After": String(error.state.resetSeconds) });
  if (error.status === 401 && surface === "api") headers["WWW-Authenticate"] = 'Bearer realm="api"';
  if (error.type === "unavailable") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
  const body = error.toJSON();
  return Response.json(requestId ? { error: { ...body.error, requestId } } : body, { status: error.status, headers });
}

/**
 * The one path of every route handler, whichever surface serves it (defineRoute, definePublicRoute):
 * 1. who: on the public API an API key (Authorization: Bearer or X-API-Key; an address that
 *    presented too many invalid ones lately is refused first), else the session; 401 without one;
 * 2. a cookie-authenticated state-changing request sent from another site is refused (keys are exempt);
 * 3. on the public API, the request counts against its caller's rate limit;
 * 4. the address: control characters in a path parameter or the workspace named, or a NUL in the query, are a 400;
 * 5. access: superuser routes need a superuser; workspace routes a member whose role has the scope
 *    (a key: its own workspace, its own scopes); refusals are audited. A caller who may not use the
 *    route learns nothing from input validation;
 * 6. input from the query string or JSON body, validated (big bodies on a pool thread);
 * 7. the service. Errors are `{ error: { code, message, field? } }` (+ `requestId` on the public API).
 */
export function routeHandler<S extends z.ZodObject, T>(def: RouteDefinition<S, T>, surface: RouteSurface) {
  return async (request: NextRequest, context: { params: Promise<RouteParams> }): Promise<Response> => {
    const requestId = surface === "api" ? requestIdOf(request.headers) : undefined;
    let limit: RateLimitState | null = null;
    let caller: Record<string, unknown> = {};
    try {
      // All inside the try: reading a key or the session reads the database, which may be down.
      const ctx: RequestContext = { user: null, ip: clientAddress(request.headers) };
      const presented = surface === "api" ? presentedKey(request.headers) : null;
      const key = presented === null ? null : await authenticateKey(presented, ctx.ip);
      if (key) {
        caller = { apiKeyId: key.actor.apiKeyId };
      } else {
        ctx.user = await getRequestUser(request);
        if (!ctx.user) {
          throw surface === "api"
            ? new AppError("unauthorized:api_key", "Send an API key as `Authorization: Bearer <key>` (or sign in to the console).")
            : new AppError("unauthorized:session");
        }
        caller = { userId: ctx.user.id };
        assertSameOrigin(request);
      }
      if (surface === "api") limit = await consumeRateLimit(key ? `key:${key.actor.apiKeyId}` : `user:${ctx.user!.id}`);
      // Next passes no params object to a route without dynamic segments (/api/v1/search).
      const params = (await context.params) ?? {};
      assertCleanAddress(request, params);
      const access = await authorize(def, ctx, key, request, params);
      const input = await parseRouteInput(def, request);
      const data: T | Response =
        def.kind === "user" ? await def.run({ input, ctx, params, request, user: ctx.user! }) : await def.run({ input, ctx, params, request, ...access! });
      const headers = { ...(requestId ? { "X-Request-Id": requestId } : {}), ...rateLimitHeaders(limit) };
      if (data instanceof Response) {
        for (const [name, value] of Object.entries(headers)) data.headers.set(name, value);
        return data;
      }
      return Response.json(data, { status: def.status ?? 200, headers: { "Cache-Control": "no-store", ...headers } });
    } catch (error) {
      return errorResponse(toAppError(error, { route: def.name, ...(requestId ? { requestId } : {}), ...caller }), surface, requestId, limit);
    }
  };
}

/** A route of the console's own (/api/t/..., /api/admin/...): the browser's session only. */
export function defineRoute<S extends z.ZodObject, T>(def: RouteDefinition<S, T>) {
  return routeHandler(def, "console");
}
