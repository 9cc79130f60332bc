import { cleanTask } from "@/lib/corrections/clean-task";
import { readGlossaryCsv } from "@/lib/corrections/glossary-csv";
import { parseTask } from "@/lib/ingest/parse-task";

/**
 * Every task a pool thread runs, by name. Only this module's imports load in the threads: keep
 * them free of the database, the session and anything else that belongs to the server thread.
 */
export const tasks = { clean: cleanTask, parse: parseTask, readGlossaryCsv };

export type TaskName = keyof typeof tasks;
export type TaskInput<N extends TaskName> = Parameters<(typeof tasks)[N]>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<(typeof tasks)[N]>>;

// Piscina calls the export named by each run's `name`.
export { cleanTask as clean, parseTask as parse, readGlossaryCsv };
