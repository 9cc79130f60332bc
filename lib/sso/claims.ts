import { z } from "zod";
import type { Role, SsoRuleKind } from "@/db/schema";
import { ROLE_RANK } from "@/lib/auth/permissions";

/** The next-auth provider id of single sign-on: its callback is NEXTAUTH_URL/api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

/** How a session signed in; recorded in its token, so a workspace can require single sign-on. */
export type SignInMethod = "password" | "sso";

/** The ID token / userinfo claims single sign-on relies on; anything else the provider sends is ignored. */
export const ssoClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  // Some providers send the boolean as a string.
  email_verified: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).optional(),
  name: z.string().trim().max(200).optional(),
  // A list of group names; a single group is sometimes sent as one string.
  groups: z
    .union([z.array(z.string().max(256)).max(1000), z.string().max(256).transform((g) => [g])])
    .optional(),
});
export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

/** What a sign-in is matched on: the verified email's domain and the groups claim. */
export interface SsoIdentity {
  email: string;
  groups: readonly string[];
}

export const emailDomain = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

export interface RuleLike {
  tenantId: string;
  kind: SsoRuleKind;
  value: string;
  role: Role;
}

/** Whether one rule applies: the email's domain exactly (case-insensitive), or a group by its exact name. */
export function ruleMatches(rule: Pick<RuleLike, "kind" | "value">, identity: SsoIdentity): boolean {
  if (rule.kind === "email_domain") return emailDomain(identity.email) === rule.value.toLowerCase();
  return identity.groups.includes(rule.value);
}

/**
 * The role each workspace's rules give this identity: where several rules of one workspace match,
 * the highest role of them. Never the owner role, whatever a rule says.
 */
export function grantsFor(rules: readonly RuleLike[], identity: SsoIdentity): Map<string, Role> {
  const grants = new Map<string, Role>();
  for (const rule of rules) {
    if (rule.role === "owner" || !ruleMatches(rule, identity)) continue;
    const current = grants.get(rule.tenantId);
    if (!current || ROLE_RANK[rule.role] > ROLE_RANK[current]) grants.set(rule.tenantId, rule.role);
  }
  return grants;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** A rule's value as stored: a domain without a leading "@" and in lower case; a group as written (trimmed). */
export const normaliseRuleValue = (kind: SsoRuleKind, value: string) => (kind === "email_domain" ? value.trim().replace(/^@/, "").toLowerCase() : value.trim());

/** A new rule's fields, as an owner enters them (the action's input); ruleInputSchema adds the checks across fields. */
export const ruleFieldsSchema = z.object({
  kind: z.enum(["email_domain", "group"], { error: "Choose whether the rule matches an email domain or a group." }),
  value: z.string().trim().min(1, "Enter the domain or group the rule matches.").max(255, "At most 255 characters."),
  role: z.enum(["admin", "member", "viewer"], { error: "Choose admin, member or viewer: single sign-on never makes owners." }),
});

/** A new rule, checked whole: the service's own check, whoever calls it. */
export const ruleInputSchema = ruleFieldsSchema.superRefine((rule, ctx) => {
  if (rule.kind === "email_domain" && !DOMAIN.test(normaliseRuleValue(rule.kind, rule.value))) {
    ctx.addIssue({ code: "custom", path: ["value"], message: "Enter a domain such as example.com, with nothing before the @." });
  }
  if (rule.kind === "group" && /[\u0000-\u001f\u007f]/.test(rule.value)) {
    ctx.addIssue({ code: "custom", path: ["value"], message: "A group name cannot contain control characters." });
  }
});
export type RuleInput = z.infer<typeof ruleInputSchema>;
