import type { InferInsertModel, InferSelectModel } from "drizzle-orm";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { apiKeys, tenantRef, users } from "./identity";

export const searchModeEnum = pgEnum("search_mode", ["semantic", "fulltext", "hybrid"]);
export type SearchMode = (typeof searchModeEnum.enumValues)[number];

export const feedbackEnum = pgEnum("user_feedback", ["thumbs_up", "thumbs_down"]);
export type Feedback = (typeof feedbackEnum.enumValues)[number];

export interface EvaluationSource {
  /** Absent only in seeded demo runs, which predate any chunks. */
  chunkId?: string;
  documentId: string;
  rank: number;
  score: number;
}

export const evaluationRuns = pgTable(
  "evaluation_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    query: text().notNull(),
    mode: searchModeEnum().notNull(),
    response: text(),
    sources: jsonb().$type<EvaluationSource[]>().notNull().default([]),
    latencyMs: doublePrecision().notNull(),
    tokenCount: integer().notNull().default(0),
    qualityScore: doublePrecision(),
    userFeedback: feedbackEnum(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.createdAt)],
);
export type EvaluationRun = InferSelectModel<typeof evaluationRuns>;
export type NewEvaluationRun = InferInsertModel<typeof evaluationRuns>;
