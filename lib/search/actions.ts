import { z } from "zod";
import { feedbackEnum } from "@/db/schema";
import { defineTenantAction } from "@/lib/api/define-action";
import { addEvaluationItem, createEvaluationSet, deleteEvaluationItem, deleteEvaluationSet, runEvaluation } from "./evaluation-sets";
import { rankingSettingsSchema, TEXT_CONFIGS } from "./ranking-settings";
import { updateTextLanguage } from "./text-language";
import { commentOnSearch, rateResult } from "./result-feedback";
import { MAX_QUERY_CHARS } from "./limits";
import { applyRanking, tuneRanking } from "./tune-ranking";

export const rateResultAction = defineTenantAction({
  name: "search.rate_result",
  scope: "search:feedback",
  input: z.object({
    runId: z.uuid(),
    chunkId: z.uuid().optional(),
    documentId: z.uuid(),
    rating: z.enum(feedbackEnum.enumValues, "Choose helpful or not helpful.").nullable(),
  }),
  run: ({ actor, input }) => rateResult({ actor, input }),
});

export const commentOnSearchAction = defineTenantAction({
  name: "search.comment",
  scope: "search:feedback",
  input: z.object({
    runId: z.uuid(),
    comment: z.string().trim().min(1, "Write the comment first.").max(1000, "Keep the comment under 1,000 characters."),
  }),
  run: ({ actor, input }) => commentOnSearch({ actor, runId: input.runId, comment: input.comment }),
});

export const createEvaluationSetAction = defineTenantAction({
  name: "evaluation_sets.create",
  scope: "evaluations:manage",
  input: z.object({ name: z.string().trim().min(1, "Name the set.").max(100, "Use at most 100 characters.") }),
  run: async ({ actor, input }) => {
    const set = await createEvaluationSet({ actor, name: input.name });
    return { id: set.id };
  },
});

export const deleteEvaluationSetAction = defineTenantAction({
  name: "evaluation_sets.delete",
  scope: "evaluations:manage",
  input: z.object({ setId: z.uuid() }),
  run: ({ actor, input }) => deleteEvaluationSet({ actor, setId: input.setId }),
});

export const addEvaluationItemAction = defineTenantAction({
  name: "evaluation_sets.add_item",
  scope: "evaluations:manage",
  input: z.object({
    setId: z.uuid(),
    query: z.string().trim().min(1, "Type the query.").max(MAX_QUERY_CHARS, `Keep the query under ${MAX_QUERY_CHARS} characters.`),
    documentIds: z.array(z.uuid()).max(50).default([]),
    chunkIds: z.array(z.uuid()).max(50).default([]),
  }),
  run: async ({ actor, input }) => {
    const item = await addEvaluationItem({ actor, ...input });
    return { id: item.id };
  },
});

export const deleteEvaluationItemAction = defineTenantAction({
  name: "evaluation_sets.delete_item",
  scope: "evaluations:manage",
  input: z.object({ itemId: z.uuid() }),
  run: ({ actor, input }) => deleteEvaluationItem({ actor, itemId: input.itemId }),
});

export const runEvaluationAction = defineTenantAction({
  name: "evaluation_sets.run",
  scope: "evaluations:manage",
  input: z.object({ setId: z.uuid(), k: z.number().int().min(1).max(50).default(10) }),
  run: async ({ actor, input }) => {
    const results = await runEvaluation({ actor, setId: input.setId, k: input.k });
    return results.map((r) => ({ mode: r.mode, recallAtK: r.recallAtK, mrr: r.mrr, ndcgAt10: r.ndcgAt10 }));
  },
});

export const tuneRankingAction = defineTenantAction({
  name: "ranking.tune",
  scope: "evaluations:manage",
  input: z.object({ setId: z.uuid(), k: z.number().int().min(1).max(50).default(10) }),
  run: ({ actor, input }) => tuneRanking({ actor, setId: input.setId, k: input.k }),
});

export const applyRankingAction = defineTenantAction({
  name: "ranking.apply",
  scope: "tenant:settings",
  // null: back to the defaults.
  input: z.object({ ranking: rankingSettingsSchema.nullable() }),
  run: ({ actor, input }) => applyRanking({ actor, ranking: input.ranking }),
});

export const updateTextLanguageAction = defineTenantAction({
  name: "search.update_text_language",
  scope: "tenant:settings",
  input: z.object({ textConfig: z.enum(TEXT_CONFIGS, "Choose one of the listed languages.") }),
  run: ({ actor, input }) => updateTextLanguage({ actor, textConfig: input.textConfig }),
});
