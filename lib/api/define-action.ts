import { z } from "zod";
import type { Scope } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { AppError, toAppError } from "@/lib/errors";
import { assertNoNulCharacters } from "./nul-characters";
import type { RequestContext } from "./request-context";
import { resolveActor, type TenantAccess } from "./resolve-actor";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };

/** An operation inside one workspace: input carries `tenant` (the slug); `scope` is required. */
export interface TenantActionDefinition<S extends z.ZodObject, T> {
  kind: "tenant";
  name: string;
  scope: Scope;
  input: S;
  run(args: { input: z.infer<S>; ctx: RequestContext } & TenantAccess): Promise<T>;
}

/** An operation of a signed-in user above any workspace (their profile, creating a workspace). */
export interface UserActionDefinition<S extends z.ZodObject, T> {
  kind: "user";
  name: string;
  input: S;
  /** Only superusers may call it. */
  superuser?: boolean;
  run(args: { input: z.infer<S>; ctx: RequestContext; user: SessionUser }): Promise<T>;
}

/** An operation open to anyone holding the right input, e.g. a one-time link's token. */
export interface PublicActionDefinition<S extends z.ZodObject, T> {
  kind: "public";
  name: string;
  input: S;
  run(args: { input: z.infer<S>; ctx: RequestContext }): Promise<T>;
}

export type ActionDefinition<S extends z.ZodObject, T> =
  | TenantActionDefinition<S, T>
  | UserActionDefinition<S, T>
  | PublicActionDefinition<S, T>;

const tenantField = z.object({ tenant: z.string().min(1).max(64) });

export function defineTenantAction<S extends z.ZodObject, T>(
  def: Omit<TenantActionDefinition<S, T>, "kind">,
): TenantActionDefinition<S, T> {
  return { kind: "tenant", ...def };
}

export function definePublicAction<S extends z.ZodObject, T>(
  def: Omit<PublicActionDefinition<S, T>, "kind">,
): PublicActionDefinition<S, T> {
  return { kind: "public", ...def };
}

export function defineUserAction<S extends z.ZodObject, T>(
  def: Omit<UserActionDefinition<S, T>, "kind">,
): UserActionDefinition<S, T> {
  return { kind: "user", ...def };
}

export function actionFailure(error: AppError, fieldErrors?: Record<string, string[]>): ActionResult<never> {
  return { ok: false, error: { code: error.code, message: error.message, ...(fieldErrors ? { fieldErrors } : {}) } };
}

/**
 * Runs an action the one way every action runs: session -> membership -> scope -> zod parse ->
 * service (which audits in its own transaction) -> typed result. Never throws; internal errors are
 * logged and answered with a generic message.
 */
export async function runAction<S extends z.ZodObject, T>(
  def: ActionDefinition<S, T>,
  ctx: RequestContext,
  rawInput: unknown,
): Promise<ActionResult<T>> {
  try {
    // Access first: a caller who may not run the action learns nothing from input validation.
    let access: TenantAccess | null = null;
    if (def.kind !== "public") {
      if (!ctx.user) throw new AppError("unauthorized:session");
      if (def.kind === "user" && def.superuser && !ctx.user.isSuperuser) throw new AppError("forbidden:superuser", "Only superusers can do this.");
      if (def.kind === "tenant") {
        const tenant = tenantField.safeParse(rawInput);
        if (!tenant.success) throw new AppError("bad_request:tenant", "Say which workspace this is for.");
        access = await resolveActor(ctx, tenant.data.tenant, def.scope);
      }
    }
    assertNoNulCharacters(rawInput);
    const schema = def.kind === "tenant" ? def.input.extend(tenantField.shape) : def.input;
    const parsed = schema.safeParse(rawInput);
    if (!parsed.success) {
      const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
      const first = parsed.error.issues[0];
      // The message is a sentence for people; forms show it beside the field that fieldErrors names.
      return actionFailure(new AppError("bad_request:input", first?.message ?? "The input is not valid."), fieldErrors);
    }
    const input = parsed.data as z.infer<S>;
    if (def.kind === "public") return { ok: true, data: await def.run({ input, ctx }) };
    if (def.kind === "user") return { ok: true, data: await def.run({ input, ctx, user: ctx.user! }) };
    return { ok: true, data: await def.run({ input: input as z.infer<S> & { tenant: string }, ctx, ...access! }) };
  } catch (error) {
    return actionFailure(toAppError(error, { action: def.name, userId: ctx.user?.id }));
  }
}
