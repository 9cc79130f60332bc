import { and, eq, inArray, or, sql } from "drizzle-orm";
import { memberships, ssoRules, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SignedInUser } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { BIDI_CONTROLS } from "@/lib/security/display-text";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { emailDomain, grantsFor, ssoClaimsSchema, type SsoIdentity } from "./claims";

/** Why single sign-on refused someone; the login page says each in words (`/login?error=<code>`). */
export const SSO_REFUSALS = {
  SsoUnverified: "Your identity provider has not verified your email address, so it cannot sign you in here. Verify the address with the provider, or sign in with your password.",
  SsoNoEmail: "Your identity provider did not send an email address, so it cannot sign you in here. Ask your administrator to release the email claim to the console.",
  SsoDeactivated: "This account is deactivated. Ask an administrator to reactivate it.",
  SsoSuperuser: "Superuser accounts sign in with their password, not through single sign-on.",
} as const;
export type SsoRefusal = keyof typeof SSO_REFUSALS;

export class SsoRefusedError extends AppError {
  constructor(readonly reason: SsoRefusal) {
    super("forbidden:sso", SSO_REFUSALS[reason]);
  }
}

async function refuse(reason: SsoRefusal, email: string | undefined, userId: string | undefined, ip: string | undefined): Promise<never> {
  await withSystem("audit a refused single sign-on", (tx) =>
    recordAudit(tx, { tenantId: null, userId, email }, { action: "auth.sso_sign_in_refused", targetType: "user", targetId: userId, ip, details: { reason } }),
  );
  throw new SsoRefusedError(reason);
}

/** The rules of every workspace that could match this identity, read above any one workspace. */
function candidateRules(identity: SsoIdentity) {
  return withSystem("find the single sign-on rules matching a sign-in", (tx) => {
    const byDomain = and(eq(ssoRules.kind, "email_domain"), sql`lower(${ssoRules.value}) = ${emailDomain(identity.email)}`);
    const byGroup = identity.groups.length ? and(eq(ssoRules.kind, "group"), inArray(ssoRules.value, [...identity.groups])) : undefined;
    return tx
      .select({ id: ssoRules.id, tenantId: ssoRules.tenantId, kind: ssoRules.kind, value: ssoRules.value, role: ssoRules.role })
      .from(ssoRules)
      .where(byGroup ? or(byDomain, byGroup) : byDomain);
  });
}

/**
 * Gives the user a membership in each workspace whose rules match, where they have none; never
 * changes an existing one (a rule never demotes, nor promotes past what an owner gave). Each in its
 * own workspace's transaction, audited there as `members.added_by_sso_rule`.
 */
export async function applySsoRules(user: { id: string; email: string }, identity: SsoIdentity, ip?: string): Promise<string[]> {
  const rules = await candidateRules(identity);
  const grants = grantsFor(rules, identity);
  const added: string[] = [];
  for (const [tenantId, role] of grants) {
    const rule = rules.find((r) => r.tenantId === tenantId && r.role === role)!;
    const joined = await withTenant({ tenantId, role, userId: user.id, email: user.email }, async (tx) => {
      const [row] = await tx.insert(memberships).values({ userId: user.id, tenantId, role }).onConflictDoNothing().returning({ role: memberships.role });
      if (!row) return false;
      await recordAudit(
        tx,
        { tenantId, userId: user.id, email: user.email },
        { action: "members.added_by_sso_rule", targetType: "user", targetId: user.id, ip, details: { role, rule: { id: rule.id, kind: rule.kind, value: rule.value } } },
      );
      return true;
    });
    if (joined) added.push(tenantId);
  }
  return added;
}

/**
 * Signs in the person an OpenID Connect provider vouched for. Only a verified email is trusted: it
 * links to the account with that address (case-insensitive) or creates one without a password; a
 * deactivated account is refused, and so is a superuser's: an identity provider that vouches for any
 * address it likes must not be able to act for the one account that can enter every workspace. Then the workspaces' rules apply. Throws SsoRefusedError, whose
 * reason the login page explains. Audited as `auth.sso_sign_in` (with `user.created` for a new account).
 */
export async function signInWithSso(rawClaims: unknown, client: { ip?: string } = {}): Promise<SignedInUser> {
  const parsed = ssoClaimsSchema.safeParse(rawClaims);
  const claims = parsed.success ? parsed.data : undefined;
  if (!claims?.email) return refuse("SsoNoEmail", undefined, undefined, client.ip);
  const email = claims.email;
  if (claims.email_verified !== true) return refuse("SsoUnverified", email, undefined, client.ip);
  const fullName = (claims.name ?? "").replace(BIDI_CONTROLS, "").slice(0, 120);

  const { user, created } = await withSystem("sign in through single sign-on", async (tx) => {
    const [existing] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    if (existing) return { user: existing, created: false };
    // ON CONFLICT: two first sign-ins at once make one account.
    const [row] = await tx.insert(users).values({ email, fullName }).onConflictDoNothing().returning();
    if (row) {
      await recordAudit(tx, { tenantId: null, userId: row.id, email }, { action: "user.created", targetType: "user", targetId: row.id, ip: client.ip, details: { via: "sso" } });
      return { user: row, created: true };
    }
    const [raced] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
    return { user: raced!, created: false };
  });
  if (!user.isActive) return refuse("SsoDeactivated", email, user.id, client.ip);
  if (user.isSuperuser) return refuse("SsoSuperuser", email, user.id, client.ip);

  const joined = await applySsoRules(user, { email, groups: claims.groups ?? [] }, client.ip);
  await withSystem("audit a single sign-on", async (tx) => {
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(
      tx,
      { tenantId: null, userId: user.id, email },
      { action: "auth.sso_sign_in", targetType: "user", targetId: user.id, ip: client.ip, details: { subject: claims.sub, newAccount: created, workspacesJoined: joined.length } },
    );
  });
  return { id: user.id, email: user.email, name: user.fullName, isSuperuser: user.isSuperuser, sessionVersion: user.sessionVersion };
}
