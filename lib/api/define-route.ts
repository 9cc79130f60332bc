import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Scope } from "@/lib/auth/permissions";
import { getRequestUser, type SessionUser } from "@/lib/auth/session";
import { AppError, toAppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/security/same-origin";
import { clientAddress } from "@/lib/security/client-address";
import { PoolTaskError, runInPool } from "@/lib/workers/pool";
import { decodeBody, parseJsonText, validateInput, type BodyProblem } from "./json-body";
import { isOffThreadRoute } from "./parse-input-task";
import type { RequestContext } from "./request-context";
import { resolveActor, type TenantAccess } from "./resolve-actor";

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

/** The workspace of a request: the `slug` path segment, else (for /api/v1) the X-Tenant header or `tenant` query. */
export function tenantSlugOf(request: NextRequest, params: RouteParams): string {
  const slug = typeof params.slug === "string" ? params.slug : (request.headers.get("x-tenant") ?? request.nextUrl.searchParams.get("tenant") ?? "");
  // PostgreSQL text cannot hold NUL, and no slug holds a control character: a 400, not a failed query.
  if (CONTROL_CHARACTER.test(slug)) throw new AppError("bad_request:tenant", "The workspace address may not contain control characters.");
  return slug;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Builds a route handler the one way every browser JSON route is built: session -> workspace ->
 * membership and scope -> input -> service, errors as `{ error: { code, message } }`.
 */
export function defineRoute<S extends z.ZodObject, T>(def: RouteDefinition<S, T>) {
  return async (request: NextRequest, context: { params: Promise<RouteParams> }): Promise<Response> => {
    let user: SessionUser | null = null;
    try {
      // Inside the try: reading the session reads the database, which may be down.
      user = await getRequestUser(request);
      const ctx: RequestContext = { user, ip: clientAddress(request.headers) };
      if (!user) throw new AppError("unauthorized:session");
      assertSameOrigin(request);
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
