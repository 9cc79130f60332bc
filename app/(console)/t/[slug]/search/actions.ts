"use server";

import { serverAction } from "@/lib/api/server-action";
import {
  addEvaluationItemAction,
  createEvaluationSetAction,
  deleteEvaluationItemAction,
  deleteEvaluationSetAction,
  rateResultAction,
  commentOnSearchAction,
  runEvaluationAction,
  tuneRankingAction,
  applyRankingAction,
} from "@/lib/search/actions";

export const rateResult = serverAction(rateResultAction);
export const commentOnSearch = serverAction(commentOnSearchAction);
export const createEvaluationSet = serverAction(createEvaluationSetAction);
export const deleteEvaluationSet = serverAction(deleteEvaluationSetAction);
export const addEvaluationItem = serverAction(addEvaluationItemAction);
export const deleteEvaluationItem = serverAction(deleteEvaluationItemAction);
export const runEvaluation = serverAction(runEvaluationAction);
export const tuneRanking = serverAction(tuneRankingAction);
export const applyRanking = serverAction(applyRankingAction);
