import { parseInputTask } from "@/lib/api/parse-input-task";
import { cleanTask } from "@/lib/corrections/clean-task";
import { readGlossaryCsv } from "@/lib/corrections/glossary-csv";
import { parseTask } from "@/lib/ingest/parse-task";
import { analyseTextTask } from "@/lib/ingest/text-analysis";
import { fitConceptsTask } from "@/lib/search/concepts/fit-concepts-task";
import { saysWhenStarted } from "./task-message";

/**
 * Every task a pool thread runs, by name. Only this module's imports load in the threads: keep
 * them free of the database, the session and anything else that belongs to the server thread.
 */
export const tasks = { clean: cleanTask, parse: parseTask, readGlossaryCsv, parseInput: parseInputTask, fitConcepts: fitConceptsTask, analyseText: analyseTextTask };

export type TaskName = keyof typeof tasks;
export type TaskInput<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;

// Piscina calls the export named by each run's `name`. `analyseText` runs on its own thread
// (text-analysis-tasks.ts), whose private database the parsing threads need not carry.
export const clean = saysWhenStarted(cleanTask);
export const parse = saysWhenStarted(parseTask);
export const readGlossary = saysWhenStarted(readGlossaryCsv);
export const parseInput = saysWhenStarted(parseInputTask);
export const fitConcepts = saysWhenStarted(fitConceptsTask);
