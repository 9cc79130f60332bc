import type { CorrectionConflict } from "./apply-corrections";
import { cleanTranscript, CleanLimitError, type CleanResult } from "./clean-transcript";
import { entitiesFromSources, type ContextSource } from "./context-entities";
import { compileMemory, type MemoryRows } from "./correction-memory";
import { buildEntityIndex, type KnownEntity } from "./propose-corrections";
import { stopwordsFor } from "./stopwords";
import { TranscriptFormatError, type TranscriptFormat } from "./transcript-format";

export interface CleanTaskInput {
  tenantId: string;
  memory: MemoryRows;
  content: string;
  format: TranscriptFormat;
  language: string;
  contextSources: ContextSource[];
}

/** Errors cross the thread boundary as data: an Error's class does not survive it. */
export type CleanTaskOutput =
  | { ok: true; result: CleanResult; conflicts: CorrectionConflict[]; contextEntitiesLeftOut: number }
  | { ok: false; problem: "format" | "limit"; message: string };

/** The correction engine's whole CPU part of a clean request; runs on a pool thread. */
export function cleanTask(input: CleanTaskInput): CleanTaskOutput {
  const memory = compileMemory(input.tenantId, input.memory);
  const stopwords = stopwordsFor(input.language);
  const context = entitiesFromSources(input.contextSources, stopwords);
  const contextEntities = context.entities.map((e): KnownEntity => ({ text: e.text, authority: e.authority, origin: "context", sourceId: e.sourceId ?? null }));
  const entities = contextEntities.length ? buildEntityIndex([...memory.glossary, ...contextEntities]) : memory.glossaryIndex;
  try {
    const result = cleanTranscript(input.content, input.format, { corrections: memory.compiled, entities, stopwords, rejected: memory.rejected });
    return { ok: true, result, conflicts: memory.compiled.conflicts, contextEntitiesLeftOut: context.leftOut };
  } catch (error) {
    if (error instanceof TranscriptFormatError) return { ok: false, problem: "format", message: error.message };
    if (error instanceof CleanLimitError) return { ok: false, problem: "limit", message: error.message };
    throw error;
  }
}
