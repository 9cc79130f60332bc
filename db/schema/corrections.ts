import { sql, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { tenantRef, users } from "./identity";

export const confidenceLevelEnum = pgEnum("confidence_level", ["LOW", "MEDIUM", "HIGH", "VERY_HIGH"]);
export type ConfidenceLevel = (typeof confidenceLevelEnum.enumValues)[number];

export const correctionStatusEnum = pgEnum("correction_status", ["suggested", "approved", "rejected"]);
export type CorrectionStatus = (typeof correctionStatusEnum.enumValues)[number];

export const tenantCorrections = pgTable(
  "tenant_corrections",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    originalText: text().notNull(),
    /** The original as corrections are looked up: case-folded words joined by single spaces. */
    originalKey: text().notNull(),
    correctedText: text().notNull(),
    confidence: doublePrecision().notNull(),
    // Derived from confidence in the database so the two can never disagree.
    confidenceLevel: confidenceLevelEnum().generatedAlwaysAs(
      sql`CASE WHEN confidence >= 0.9 THEN 'VERY_HIGH'::confidence_level WHEN confidence >= 0.75 THEN 'HIGH'::confidence_level WHEN confidence >= 0.5 THEN 'MEDIUM'::confidence_level ELSE 'LOW'::confidence_level END`,
    ),
    usageCount: integer().notNull().default(0),
    source: text().notNull().default("manual"),
    context: text(),
    status: correctionStatusEnum().notNull().default("suggested"),
    /** An approved correction a reviewer switched off: kept with its history, never applied. */
    isEnabled: boolean().notNull().default(true),
    /** Set when applications keep being reported wrong; the review queue shows it again. */
    reviewReason: text(),
    successCount: integer().notNull().default(0),
    failureCount: integer().notNull().default(0),
    lastAppliedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    check("tenant_corrections_confidence_range", sql`${t.confidence} >= 0 AND ${t.confidence} <= 1`),
    unique().on(t.tenantId, t.originalKey, t.correctedText),
    index().on(t.tenantId, t.status),
  ],
);
export type TenantCorrection = InferSelectModel<typeof tenantCorrections>;
export type NewTenantCorrection = InferInsertModel<typeof tenantCorrections>;

export const tenantContext = pgTable(
  "tenant_context",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    entityText: text().notNull(),
    entityType: text().notNull(),
    authorityScore: doublePrecision().notNull().default(0.5),
    sourceId: text(),
    ...timestamps,
  },
  (t) => [
    check("tenant_context_authority_range", sql`${t.authorityScore} >= 0 AND ${t.authorityScore} <= 1`),
    unique().on(t.tenantId, t.entityText, t.entityType),
  ],
);
export type TenantContextEntry = InferSelectModel<typeof tenantContext>;
export type NewTenantContextEntry = InferInsertModel<typeof tenantContext>;

export const correctionHistory = pgTable(
  "correction_history",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    correctionId: uuid()
      .notNull()
      .references(() => tenantCorrections.id, { onDelete: "cascade" }),
    originalText: text().notNull(),
    correctedText: text().notNull(),
    occurrences: integer().notNull().default(1),
    /** Null until someone reports whether this application was right. */
    wasSuccessful: boolean(),
    reportedAt: timestamp({ withTimezone: true }),
    appliedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.correctionId, t.appliedAt), index().on(t.tenantId, t.appliedAt)],
);
export type CorrectionHistoryEntry = InferSelectModel<typeof correctionHistory>;
export type NewCorrectionHistoryEntry = InferInsertModel<typeof correctionHistory>;
