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

/** Queued per request, the most confident first: a reviewer cannot use thousands at once. */
export const MAX_QUEUED_SUGGESTIONS = 500;

/** Changed cues listed side by side in the answer: the cleaned `content` holds every change. */
export const MAX_LISTED_SEGMENTS = 1_000;

/** Unreadable cues listed in the answer: enough to find and fix them in a subtitle editor. */
export const MAX_LISTED_SKIPPED_CUES = 100;

/**
 * Errors cross the thread boundary as data: an Error's class does not survive it. The lists come
 * back cut to what the answer uses, with their full lengths in `totals`: 24,000 changed cues
 * copied back whole held the server's thread for a quarter of a second.
 */
export type CleanTaskOutput =
  | { ok: true; result: CleanResult; totals: { suggestions: number; segments: number; skipped: number }; conflicts: CorrectionConflict[]; contextEntitiesLeftOut: number }
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
    const totals = { suggestions: result.suggestions.length, segments: result.segments.length, skipped: result.skipped.length };
    const listed = {
      ...result,
      suggestions: result.suggestions.slice(0, MAX_QUEUED_SUGGESTIONS),
      segments: result.segments.slice(0, MAX_LISTED_SEGMENTS),
      skipped: result.skipped.slice(0, MAX_LISTED_SKIPPED_CUES),
    };
    return { ok: true, result: listed, totals, conflicts: memory.compiled.conflicts, contextEntitiesLeftOut: context.leftOut };
  } catch (error) {
    if (error instanceof TranscriptFormatError) return { ok: false, problem: "format", message: error.message };
    if (error instanceof CleanLimitError) return { ok: false, problem: "limit", message: error.message };
    throw error;
  }
}
