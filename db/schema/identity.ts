import { sql, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";

export const roleEnum = pgEnum("membership_role", ["owner", "admin", "member", "viewer"]);
export type Role = (typeof roleEnum.enumValues)[number];


export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    passwordHash: text(),
    fullName: text().notNull().default(""),
    isActive: boolean().notNull().default(true),
    isSuperuser: boolean().notNull().default(false),
    ...timestamps,
    lastLoginAt: timestamp({ withTimezone: true }),
    /** Carried in every session token; bumping it ends all of the user's sessions at their next request. */
    sessionVersion: integer().notNull().default(0),
  },
  // Case-insensitive uniqueness: "Ann@x.io" and "ann@x.io" are one account.
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);
export type User = InferSelectModel<typeof users>;
export type NewUser = InferInsertModel<typeof users>;

export interface TenantSettings {
  chunkSize?: number;
  chunkOverlap?: number;
  embeddingModel?: string;
  /** Set by "Re-embed all"; the worker re-embeds stale chunks until none is left, then clears it. */
  reembedRequestedAt?: string;
  /** BM25, feedback and fusion settings (lib/search/ranking-settings.ts); absent means the defaults. */
  ranking?: Record<string, unknown>;
  /** The ranking before the last change, to revert to. */
  previousRanking?: Record<string, unknown>;
  /** The text search configuration chunks are indexed with ('english' when absent). */
  textConfig?: string;
  /** Read text from scanned PDF pages and images (OCR); on when absent. */
  ocrEnabled?: boolean;
  /** The OCR language, an installed `@tesseract.js-data` package's code ('eng' when absent). */
  ocrLanguage?: string;
}

export const tenants = pgTable("tenants", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  settings: jsonb().$type<TenantSettings>().notNull().default({}),
  ...timestamps,
  /** Members who signed in with a password may not open the workspace: only an SSO session may (lib/sso). */
  requireSso: boolean().notNull().default(false),
});
/** The owning tenant of a row; its rows go with it. */
export const tenantRef = () =>
  uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });

export type Tenant = InferSelectModel<typeof tenants>;
export type NewTenant = InferInsertModel<typeof tenants>;

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: tenantRef(),
    role: roleEnum().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index().on(t.tenantId)],
);
export type Membership = InferSelectModel<typeof memberships>;
export type NewMembership = InferInsertModel<typeof memberships>;

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    email: text().notNull(),
    role: roleEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.email)],
);
export type Invitation = InferSelectModel<typeof invitations>;
export type NewInvitation = InferInsertModel<typeof invitations>;

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull().unique(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.tenantId), index().on(t.prefix)],
);
export type ApiKey = InferSelectModel<typeof apiKeys>;
export type NewApiKey = InferInsertModel<typeof apiKeys>;

/** One-time password reset links issued by a superuser; only the hash of the token is stored. */
export const passwordResetTokens = pgTable("password_reset_tokens", {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text().notNull().unique(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});
export type PasswordResetToken = InferSelectModel<typeof passwordResetTokens>;
export type NewPasswordResetToken = InferInsertModel<typeof passwordResetTokens>;

export const ssoRuleKindEnum = pgEnum("sso_rule_kind", ["email_domain", "group"]);
export type SsoRuleKind = (typeof ssoRuleKindEnum.enumValues)[number];

/**
 * A workspace's single sign-on rule: a person whose verified email is at `value` (a domain) or whose
 * `groups` claim holds `value` gets a membership with `role` at each SSO sign-in, if they have none.
 * Never the owner role (a check): ownership is given by people, not by an identity provider.
 */
export const ssoRules = pgTable(
  "sso_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    kind: ssoRuleKindEnum().notNull(),
    value: text().notNull(),
    role: roleEnum().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sso_rules_tenant_kind_value_key").on(t.tenantId, t.kind, sql`lower(${t.value})`),
    index("sso_rules_kind_value_index").on(t.kind, sql`lower(${t.value})`),
    check("sso_rules_role_not_owner", sql`${t.role} <> 'owner'`),
  ],
);
export type SsoRule = InferSelectModel<typeof ssoRules>;
export type NewSsoRule = InferInsertModel<typeof ssoRules>;
