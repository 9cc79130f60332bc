import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiKeys, tenants, users, type ApiKey, type Role } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { can, type Scope } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { roleForScopes } from "./key-scopes";
import { hashSecret, looksLikeKey, newSecret } from "./key-secret";
import type { NewApiKeyInput } from "./schemas";

/** "suspended": its creator is no longer in the workspace, or their role now allows none of its permissions. */
export type ApiKeyStatus = "active" | "expired" | "revoked" | "suspended";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** What the key may do now: its permissions that its creator's current role still allows. */
  effectiveScopes: string[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: ApiKeyStatus;
}

const statusOf = (key: Pick<ApiKey, "revokedAt" | "expiresAt">, now = new Date()): Exclude<ApiKeyStatus, "suspended"> =>
  key.revokedAt ? "revoked" : key.expiresAt && key.expiresAt <= now ? "expired" : "active";

/**
 * A key never does more than its creator may do now (an outside test found keys of a demoted,
 * then removed admin still writing): its scopes narrowed to the creator's current role in the
 * workspace, none when they left it (or their account is gone). Superusers count as owners.
 */
function effectiveScopesOf(scopes: string[], creatorRole: Role | null): string[] {
  return creatorRole ? scopes.filter((scope) => can(creatorRole, scope as Scope)) : [];
}

/** The creator's role in the key's workspace, joined in one query with the key. */
const creatorRole = sql<Role | null>`(select coalesce(m.role::text, case when u.is_superuser then 'owner' end)
  from users u left join memberships m on m.user_id = u.id and m.tenant_id = ${apiKeys.tenantId} where u.id = ${apiKeys.createdBy})`;

/** What the audit log keeps of a key: never its hash. */
const described = (key: ApiKey) => ({ name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt?.toISOString() ?? null });

/** Every key of the workspace, newest first, revoked ones included (they explain audit entries). */
export async function listApiKeys({ actor }: { actor: Actor }): Promise<ApiKeyView[]> {
  const rows = await withTenant(actor, (tx) =>
    tx
      .select({
        key: apiKeys,
        // A creator who left the workspace is no longer visible here: the creation's audit entry still names them.
        creator: sql<string | null>`coalesce(nullif(${users.fullName}, ''), ${users.email},
          (select a.actor->>'email' from audit_log a where a.action = 'api_keys.create' and a.target_id = ${apiKeys.id}::text limit 1))`,
        creatorRole,
      })
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdBy))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)),
  );
  return rows.map(({ key, creator, creatorRole: role }) => {
    const effectiveScopes = effectiveScopesOf(key.scopes, role);
    const status = statusOf(key);
    return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    effectiveScopes,
    createdAt: key.createdAt,
    createdBy: creator,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    status: status === "active" && effectiveScopes.length === 0 ? "suspended" : status,
  };
  });
}

/** Creates a key; the secret is returned this once and only its hash is kept. */
export async function createApiKey({ actor, input, ip }: { actor: Actor; input: NewApiKeyInput; ip?: string }) {
  const beyond = input.scopes.filter((scope) => !can(actor.role, scope));
  if (beyond.length) throw new AppError("forbidden:scope", `A key cannot do more than you can: your role lacks ${beyond.join(", ")}.`);
  const { secret, prefix, hash } = newSecret();
  const key = await withTenant(actor, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ tenantId: actor.tenantId, name: input.name, prefix, keyHash: hash, scopes: [...new Set(input.scopes)], createdBy: actor.userId, expiresAt: input.expiresAt })
      .returning();
    await recordAudit(tx, actor, { action: "api_keys.create", targetType: "api_key", targetId: row!.id, after: described(row!), ip });
    return row!;
  });
  return { id: key.id, prefix: key.prefix, secret };
}

export async function revokeApiKey({ actor, id, ip }: { actor: Actor; id: string; ip?: string }) {
  return withTenant(actor, async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!key) throw new AppError("not_found:api_key", "That API key does not exist.");
    if (key.revokedAt) return { id, revokedAt: key.revokedAt };
    const [row] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning();
    await recordAudit(tx, actor, { action: "api_keys.revoke", targetType: "api_key", targetId: id, before: described(key), ip });
    return { id, revokedAt: row!.revokedAt };
  });
}

export interface KeyAccess {
  actor: Actor;
  tenant: { id: string; slug: string; name: string };
  scopes: readonly string[];
}

/** last_used_at is written at most this often per key, so a busy client does not turn reads into writes. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The workspace and actor of a presented key: 401 for an unknown, revoked or expired one. Looked up
 * above any tenant (the key is what names the tenant), by the hash of the whole key.
 */
export async function authenticateApiKey(secret: string): Promise<KeyAccess> {
  const invalid = () => new AppError("unauthorized:api_key", "This API key is not valid. Check that it was copied whole.");
  if (!looksLikeKey(secret)) throw invalid();
  const { key, tenant, creatorRole: creator } = await withSystem("resolve an API key", async (tx) => {
    const [row] = await tx
      .select({ key: apiKeys, tenant: { id: tenants.id, slug: tenants.slug, name: tenants.name }, creatorRole })
      .from(apiKeys)
      .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
      .where(eq(apiKeys.keyHash, hashSecret(secret)));
    if (!row) throw invalid();
    const now = new Date();
    const status = statusOf(row.key, now);
    if (status === "revoked") throw new AppError("unauthorized:api_key", "This API key was revoked. Ask an admin of the workspace for a new one.");
    if (status === "expired") throw new AppError("unauthorized:api_key", "This API key has expired. Ask an admin of the workspace for a new one.");
    if (effectiveScopesOf(row.key.scopes, row.creatorRole).length === 0) {
      throw new AppError("unauthorized:api_key", "This API key is suspended: the person who created it is no longer in the workspace, or their role no longer allows what it does. Ask an admin for a new one.");
    }
    if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
      await tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
    }
    return row;
  });
  const scopes = effectiveScopesOf(key.scopes, creator);
  return {
    tenant,
    scopes,
    actor: { tenantId: tenant.id, role: roleForScopes(scopes), apiKeyId: key.id, scopes: scopes as Scope[], email: `API key ${key.prefix}… (${key.name})` },
  };
}
