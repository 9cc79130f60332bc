import { sql, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import {
  doublePrecision,
  index,
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
    /** Stored so dashboards count zero-result runs without reading each run's sources. */
    resultCount: integer().generatedAlwaysAs(sql`jsonb_array_length(sources)`),
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

/**
 * A person's (or key's) rating of one result of one search: helpful or not. A row with no chunk,
 * document or rank is a rating of the whole list, as the console gave them before per-result
 * feedback (migration 0019 keeps those). The run's `user_feedback` is the summary of its rows:
 * thumbs_up when any result helped, thumbs_down when rated and none did, null when unrated.
 * `runCreatedAt` and `mode` copy the run's, so the dashboard reads a window's ratings by one index.
 */
export const searchResultFeedback = pgTable(
  "search_result_feedback",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    runId: uuid()
      .notNull()
      .references(() => evaluationRuns.id, { onDelete: "cascade" }),
    chunkId: uuid(),
    documentId: uuid(),
    rank: integer(),
    rating: feedbackEnum().notNull(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    runCreatedAt: timestamp({ withTimezone: true }).notNull(),
    mode: searchModeEnum().notNull(),
    ...timestamps,
  },
  (t) => [unique().on(t.runId, t.documentId, t.chunkId).nullsNotDistinct(), index().on(t.tenantId, t.runCreatedAt)],
);
export type SearchResultFeedback = InferSelectModel<typeof searchResultFeedback>;
export type NewSearchResultFeedback = InferInsertModel<typeof searchResultFeedback>;

/** A tenant's labelled queries: what should come back for each, to measure retrieval quality. */
export const evaluationSets = pgTable(
  "evaluation_sets",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    name: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [unique().on(t.tenantId, t.name)],
);
export type EvaluationSet = InferSelectModel<typeof evaluationSets>;
export type NewEvaluationSet = InferInsertModel<typeof evaluationSets>;

export const evaluationSetItems = pgTable(
  "evaluation_set_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    setId: uuid()
      .notNull()
      .references(() => evaluationSets.id, { onDelete: "cascade" }),
    query: text().notNull(),
    /** Relevant documents (any of their chunks counts) and relevant chunks. */
    expectedDocumentIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    expectedChunkIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.setId)],
);
export type EvaluationSetItem = InferSelectModel<typeof evaluationSetItems>;
export type NewEvaluationSetItem = InferInsertModel<typeof evaluationSetItems>;

/** One of a query's top results in an evaluation run, as it read then: no score, its rank and whether it was expected. */
export interface EvaluationTopResult {
  rank: number;
  chunkId: string;
  documentId: string;
  filename: string;
  /** A short passage, matches between the highlight markers. */
  snippet: string;
  /** One of the documents or chunks labelled as what should come back. */
  expected: boolean;
}

export interface EvaluationQueryScore {
  itemId: string;
  query: string;
  recall: number;
  reciprocalRank: number;
  ndcg: number;
  /** The first results (runs before the per-query view have none). */
  top?: EvaluationTopResult[];
}

export const evaluationSetResults = pgTable(
  "evaluation_set_results",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    setId: uuid()
      .notNull()
      .references(() => evaluationSets.id, { onDelete: "cascade" }),
    mode: searchModeEnum().notNull(),
    k: integer().notNull(),
    recallAtK: doublePrecision().notNull(),
    mrr: doublePrecision().notNull(),
    ndcgAt10: doublePrecision().notNull(),
    queryCount: integer().notNull(),
    embeddingModel: text().notNull(),
    perQuery: jsonb().$type<EvaluationQueryScore[]>().notNull().default([]),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.tenantId, t.createdAt), index().on(t.setId, t.createdAt)],
);
export type EvaluationSetResult = InferSelectModel<typeof evaluationSetResults>;
export type NewEvaluationSetResult = InferInsertModel<typeof evaluationSetResults>;
