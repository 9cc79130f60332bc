import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/api-keys-service";
import { getRequestUser } from "@/lib/auth/session";
import { AppError, RETRY_AFTER_SECONDS, toAppError } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/security/same-origin";
import { clientAddress } from "@/lib/security/client-address";
import { parseRouteInput, tenantSlugOf, type RouteParams, type TenantRouteDefinition } from "./define-route";
import { assertKeyAttemptsAllowed, consumeRateLimit, countInvalidKey, RateLimitedError, rateLimitHeaders, type RateLimitState } from "./rate-limit";
import type { RequestContext } from "./request-context";
import { auditRefusal, resolveActor, type TenantAccess } from "./resolve-actor";

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
 * The one wrapper of every /api/v1 route: request id -> API key (Authorization: Bearer or
 * X-API-Key; an address that presented too many invalid ones lately is refused first) or the
 * browser session -> per-caller rate limit -> scope -> input -> service.
 * A key acts in its own workspace only, with its own scopes; a session acts with its member's role
 * in the workspace named by X-Tenant. Errors are `{ error: { code, message, requestId } }`.
 */
export function definePublicRoute<S extends z.ZodObject, T>(def: TenantRouteDefinition<S, T>) {
  return async (request: NextRequest, context: { params: Promise<RouteParams> }): Promise<Response> => {
    const requestId = requestIdOf(request.headers);
    const ip = clientAddress(request.headers);
    let limit: RateLimitState | null = null;
    let caller: Record<string, unknown> = {};
    try {
      const key = presentedKey(request.headers);
      let access: TenantAccess;
      let ctx: RequestContext;
      if (key !== null) {
        await assertKeyAttemptsAllowed(ip);
        const keyAccess = await authenticateApiKey(key).catch(async (error: unknown) => {
          if (error instanceof AppError && error.code === "unauthorized:api_key") await countInvalidKey(ip);
          throw error;
        });
        caller = { apiKeyId: keyAccess.actor.apiKeyId };
        ctx = { user: null, ip };
        limit = await consumeRateLimit(`key:${keyAccess.actor.apiKeyId}`);
        if (!keyAccess.scopes.includes(def.scope)) {
          await auditRefusal({ user: null, ip }, keyAccess.tenant.id, def.scope, `API key ${keyAccess.actor.apiKeyId} lacks ${def.scope}`);
          throw new AppError("forbidden:scope", `This API key does not have the ${def.scope} permission. Create a key that has it.`);
        }
        access = { actor: keyAccess.actor, tenant: keyAccess.tenant };
      } else {
        const user = await getRequestUser(request);
        if (!user) throw new AppError("unauthorized:api_key", "Send an API key as `Authorization: Bearer <key>` (or sign in to the console).");
        assertSameOrigin(request);
        caller = { userId: user.id };
        ctx = { user, ip };
        limit = await consumeRateLimit(`user:${user.id}`);
        const slug = tenantSlugOf(request, {});
        if (!slug) throw new AppError("bad_request:tenant", "Say which workspace: send its slug in the X-Tenant header or the `tenant` query parameter.");
        access = await resolveActor(ctx, slug, def.scope);
      }
      const params = (await context.params) ?? {};
      const input = await parseRouteInput(def, request);
      const data = await def.run({ input, ctx, params, request, ...access });
      const headers = { "X-Request-Id": requestId, ...rateLimitHeaders(limit) };
      if (data instanceof Response) {
        for (const [name, value] of Object.entries(headers)) data.headers.set(name, value);
        return data;
      }
      return Response.json(data, { status: def.status ?? 200, headers: { "Cache-Control": "no-store", ...headers } });
    } catch (error) {
      const appError = toAppError(error, { route: def.name, requestId, ...caller });
      const headers: Record<string, string> = { "X-Request-Id": requestId, "Cache-Control": "no-store", ...rateLimitHeaders(limit) };
      if (appError instanceof RateLimitedError) Object.assign(headers, rateLimitHeaders(appError.state), { "Retry-After": String(appError.state.resetSeconds) });
      if (appError.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="api"';
      if (appError.type === "unavailable") headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
      return Response.json({ error: { code: appError.code, message: appError.message, requestId } }, { status: appError.status, headers });
    }
  };
}
