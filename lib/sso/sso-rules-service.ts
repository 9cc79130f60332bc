import { and, asc, eq, sql } from "drizzle-orm";
import { ssoRules, tenants, type Role, type SsoRuleKind } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { oidcSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { actorCan, type Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { normaliseRuleValue, ruleInputSchema, type SignInMethod } from "./claims";

export interface SsoRuleView {
  id: string;
  kind: SsoRuleKind;
  value: string;
  role: Role;
  createdAt: Date;
}

export interface SsoSettingsView {
  /** Whether the console has an OIDC provider configured at all. */
  configured: boolean;
  providerName: string | null;
  requireSso: boolean;
  rules: SsoRuleView[];
}

function requireManage(actor: Actor): void {
  if (!actorCan(actor, "sso:manage")) throw new AppError("forbidden:scope", "Only owners can manage single sign-on.");
}

const ruleColumns = { id: ssoRules.id, kind: ssoRules.kind, value: ssoRules.value, role: ssoRules.role, createdAt: ssoRules.createdAt };

/** The workspace's single sign-on: whether it is required, and its rules (domains first, then groups). */
export async function getSsoSettings({ actor }: { actor: Actor }): Promise<SsoSettingsView> {
  requireManage(actor);
  const oidc = oidcSettings();
  return withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ requireSso: tenants.requireSso }).from(tenants).where(eq(tenants.id, actor.tenantId));
    const rules = await tx.select(ruleColumns).from(ssoRules).where(eq(ssoRules.tenantId, actor.tenantId)).orderBy(asc(ssoRules.kind), asc(sql`lower(${ssoRules.value})`));
    return { configured: Boolean(oidc), providerName: oidc?.name ?? null, requireSso: Boolean(tenant?.requireSso), rules };
  });
}

/** Adds a rule; one per (kind, value) in a workspace, so the same domain cannot say two roles. */
export async function addSsoRule({ actor, input, ip }: { actor: Actor; input: unknown; ip?: string }): Promise<SsoRuleView> {
  requireManage(actor);
  const parsed = ruleInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request:sso_rule", parsed.error.issues[0]!.message);
  const { kind, role } = parsed.data;
  const value = normaliseRuleValue(kind, parsed.data.value);
  return withTenant(actor, async (tx) => {
    const [row] = await tx.insert(ssoRules).values({ tenantId: actor.tenantId, kind, value, role, createdBy: actor.userId }).onConflictDoNothing().returning(ruleColumns);
    if (!row) {
      const what = kind === "email_domain" ? `the domain ${value}` : `the group ${value}`;
      throw new AppError("conflict:sso_rule", `There is already a rule for ${what}. Remove it first to give it another role.`);
    }
    await recordAudit(tx, actor, { action: "sso.rule_added", targetType: "sso_rule", targetId: row.id, after: { kind, value, role }, ip });
    return row;
  });
}

export async function removeSsoRule({ actor, id, ip }: { actor: Actor; id: string; ip?: string }): Promise<void> {
  requireManage(actor);
  await withTenant(actor, async (tx) => {
    const [row] = await tx.delete(ssoRules).where(and(eq(ssoRules.id, id), eq(ssoRules.tenantId, actor.tenantId))).returning(ruleColumns);
    if (!row) throw new AppError("not_found:sso_rule", "That rule no longer exists. Reload the page to see the current rules.");
    // Memberships the rule gave stay: removing a rule stops future grants, it does not remove people.
    await recordAudit(tx, actor, { action: "sso.rule_removed", targetType: "sso_rule", targetId: row.id, before: { kind: row.kind, value: row.value, role: row.role }, ip });
  });
}

/**
 * Turns "Require single sign-on" on or off. Turning it on needs a configured provider and, for
 * anyone but a superuser (who is never held to it), a session that came through single sign-on:
 * the owner who sets it has thereby shown they can still open the workspace afterwards.
 */
export async function setSsoRequired({
  actor,
  required,
  signedInWith,
  ip,
}: {
  actor: Actor;
  required: boolean;
  signedInWith: SignInMethod | undefined;
  ip?: string;
}): Promise<{ requireSso: boolean }> {
  requireManage(actor);
  if (required) {
    if (!oidcSettings()) throw new AppError("bad_request:sso_not_configured", "Single sign-on is not configured for this console (OIDC_ISSUER), so it cannot be required.");
    if (!actor.isSuperuser && signedInWith !== "sso") {
      throw new AppError(
        "bad_request:sso_session",
        "Sign in with single sign-on before requiring it: then you know your own account can still open this workspace.",
      );
    }
  }
  return withTenant(actor, async (tx) => {
    const [before] = await tx.select({ requireSso: tenants.requireSso }).from(tenants).where(eq(tenants.id, actor.tenantId)).for("update");
    await tx.update(tenants).set({ requireSso: required }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "sso.requirement_changed", targetType: "tenant", targetId: actor.tenantId, before, after: { requireSso: required }, ip });
    return { requireSso: required };
  });
}
