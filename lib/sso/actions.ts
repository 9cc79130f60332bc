import { z } from "zod";
import { defineTenantAction } from "@/lib/api/define-action";
import { ruleFieldsSchema } from "./claims";
import { addSsoRule, removeSsoRule, setSsoRequired } from "./sso-rules-service";

export const addSsoRuleAction = defineTenantAction({
  name: "sso.add_rule",
  scope: "sso:manage",
  input: ruleFieldsSchema,
  run: ({ actor, input: { kind, value, role }, ctx }) => addSsoRule({ actor, input: { kind, value, role }, ip: ctx.ip }),
});

export const removeSsoRuleAction = defineTenantAction({
  name: "sso.remove_rule",
  scope: "sso:manage",
  input: z.object({ id: z.uuid() }),
  run: ({ actor, input, ctx }) => removeSsoRule({ actor, id: input.id, ip: ctx.ip }),
});

export const setSsoRequiredAction = defineTenantAction({
  name: "sso.set_required",
  scope: "sso:manage",
  input: z.object({ required: z.boolean() }),
  // The session's own sign-in method: an owner may require SSO only from an SSO session.
  run: ({ actor, input, ctx }) => setSsoRequired({ actor, required: input.required, signedInWith: ctx.user?.signedInWith, ip: ctx.ip }),
});
