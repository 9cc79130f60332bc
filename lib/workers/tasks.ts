import type { MessagePort } from "node:worker_threads";
import { parseInputTask } from "@/lib/api/parse-input-task";
import { cleanTask } from "@/lib/corrections/clean-task";
import { readGlossaryCsv } from "@/lib/corrections/glossary-csv";
import { parseTask } from "@/lib/ingest/parse-task";
import { fitConceptsTask } from "@/lib/search/concepts/fit-concepts-task";

/**
 * Every task a pool thread runs, by name. Only this module's imports load in the threads: keep
 * them free of the database, the session and anything else that belongs to the server thread.
 */
export const tasks = { clean: cleanTask, parse: parseTask, readGlossaryCsv, parseInput: parseInputTask, fitConcepts: fitConceptsTask };

export type TaskName = keyof typeof tasks;
export type TaskInput<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;

/** What a thread receives: the input, and a port on which it says it has started (its budget runs from then). */
export interface TaskMessage<I> {
  input: I;
  started: MessagePort;
}

function saysWhenStarted<I, O>(task: (input: I) => O): (message: TaskMessage<I>) => O {
  return ({ input, started }) => {
    started.postMessage("started");
    started.close();
    return task(input);
  };
}

// Piscina calls the export named by each run's `name`.
export const clean = saysWhenStarted(cleanTask);
export const parse = saysWhenStarted(parseTask);
export const readGlossary = saysWhenStarted(readGlossaryCsv);
export const parseInput = saysWhenStarted(parseInputTask);
export const fitConcepts = saysWhenStarted(fitConceptsTask);
