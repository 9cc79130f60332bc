import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { runAction, type ActionDefinition, type ActionResult } from "./define-action";
import { clientIpFrom, type RequestContext } from "./request-context";

export async function currentRequestContext(): Promise<RequestContext> {
  const [user, h] = await Promise.all([getSessionUser(), headers()]);
  return { user, ip: clientIpFrom(h.get("x-forwarded-for")) };
}

/** Binds a definition to the current request: what a `"use server"` file exports. */
export function serverAction<S extends z.ZodObject, T>(def: ActionDefinition<S, T>) {
  return async (input: z.input<S> & Record<string, unknown>): Promise<ActionResult<T>> =>
    runAction(def, await currentRequestContext(), input);
}
