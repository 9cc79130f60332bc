import type { InferInsertModel, InferSelectModel } from "drizzle-orm";
import {
  bigserial,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, timestamps } from "./columns";
import { tenantRef } from "./identity";

export interface AuditActor {
  userId?: string;
  apiKeyId?: string;
  email?: string;
}

// No foreign keys on purpose: history must survive deletes of what it describes.
// tenant_id is null for events above any tenant (sign-in, tenant deleted).
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    tenantId: uuid(),
    actor: jsonb().$type<AuditActor>().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: inet(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.createdAt), index().on(t.action, t.createdAt)],
);
export type AuditEntry = InferSelectModel<typeof auditLog>;
export type NewAuditEntry = InferInsertModel<typeof auditLog>;

export const retentionResourceEnum = pgEnum("retention_resource", [
  "evaluation_runs",
  "audit_log",
  "failed_documents",
]);
export type RetentionResource = (typeof retentionResourceEnum.enumValues)[number];

export const retentionPolicies = pgTable(
  "retention_policies",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    resource: retentionResourceEnum().notNull(),
    retainDays: integer().notNull(),
    ...timestamps,
  },
  (t) => [unique().on(t.tenantId, t.resource)],
);
export type RetentionPolicy = InferSelectModel<typeof retentionPolicies>;
export type NewRetentionPolicy = InferInsertModel<typeof retentionPolicies>;

/**
 * Fixed-window counters shared by every server process: the /api/v1 rate limit and the sign-in
 * throttles (lib/rate-limits). Not tenant data, so no row level security; the retention job
 * sweeps rows whose window has ended.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    count: integer().notNull(),
    windowEnds: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.windowEnds)],
);
export type RateLimit = InferSelectModel<typeof rateLimits>;
