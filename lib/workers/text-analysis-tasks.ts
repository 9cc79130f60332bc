import { analyseTextTask } from "@/lib/ingest/text-analysis";
import { saysWhenStarted } from "./task-message";

/** The text analysis thread's one task (pool.ts): only this loads there, not the parsers. */
export const analyseText = saysWhenStarted(analyseTextTask);
