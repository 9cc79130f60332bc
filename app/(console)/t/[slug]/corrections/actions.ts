"use server";

import { serverAction } from "@/lib/api/server-action";
import {
  approveSuggestionsAction,
  createCorrectionAction,
  createGlossaryEntryAction,
  deleteGlossaryEntryAction,
  importGlossaryAction,
  previewGlossaryImportAction,
  reportOutcomeAction,
  reviewCorrectionsAction,
  updateCorrectionAction,
  updateGlossaryEntryAction,
} from "@/lib/corrections/actions";

export const createCorrection = serverAction(createCorrectionAction);
export const updateCorrection = serverAction(updateCorrectionAction);
export const reviewCorrections = serverAction(reviewCorrectionsAction);
export const approveSuggestions = serverAction(approveSuggestionsAction);
export const reportOutcome = serverAction(reportOutcomeAction);
export const createGlossaryEntry = serverAction(createGlossaryEntryAction);
export const updateGlossaryEntry = serverAction(updateGlossaryEntryAction);
export const deleteGlossaryEntry = serverAction(deleteGlossaryEntryAction);
export const previewGlossaryImport = serverAction(previewGlossaryImportAction);
export const importGlossary = serverAction(importGlossaryAction);
