import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { toAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/security/client-address";
import { requestOrigin } from "@/lib/security/request-origin";
import { actionFailure, runAction, type ActionDefinition, type ActionResult, type TenantActionDefinition } from "./define-action";
import type { RequestContext } from "./request-context";

export async function currentRequestContext(): Promise<RequestContext> {
  const [user, h] = await Promise.all([getSessionUser(), headers()]);
  return { user, ip: clientAddress(h), origin: requestOrigin(h) };
}

// z.input of an empty object is an index signature of never, which no argument satisfies.
type FieldsOf<S extends z.ZodObject> = string extends keyof z.input<S> ? object : z.input<S>;
type InputOf<D> =
  D extends TenantActionDefinition<infer S, unknown> ? FieldsOf<S> & { tenant: string } : D extends ActionDefinition<infer S, unknown> ? FieldsOf<S> : never;

/** Binds a definition to the current request: what a `"use server"` file exports. */
export function serverAction<S extends z.ZodObject, T, D extends ActionDefinition<S, T>>(def: D & ActionDefinition<S, T>) {
  return async (input: InputOf<D>): Promise<ActionResult<T>> => {
    let ctx: RequestContext;
    try {
      // Reading the session reads the database: when it is down, the caller gets a result, not a throw.
      ctx = await currentRequestContext();
    } catch (error) {
      return actionFailure(toAppError(error, { action: def.name }));
    }
    return runAction(def, ctx, input);
  };
}
