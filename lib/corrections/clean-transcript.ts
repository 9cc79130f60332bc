import { applyCorrections, type AppliedEdit, type CompiledCorrections } from "./apply-corrections";
import { proposeCorrections, type EntityIndex, type Proposal } from "./propose-corrections";
import { assertSomeCueRead, parseTranscript, writeTranscript, type SkippedCue, type TextLocation, type TranscriptFormat, type TranscriptSegment } from "./transcript-format";
import { phraseKey } from "./words";

export interface CleanedSegment {
  location: TextLocation;
  original: string;
  cleaned: string;
  applied: AppliedEdit[];
  suggestions: Proposal[];
}

export interface AppliedSummary {
  correctionId: string;
  to: string;
  occurrences: number;
}

export interface SuggestionSummary {
  originalText: string;
  suggestedText: string;
  similarity: number;
  confidence: number;
  occurrences: number;
  /** The cleaned line it was first seen in, and where. */
  contextLine: string;
  location: TextLocation;
  entity: Proposal["entity"];
}

export interface CleanResult {
  format: TranscriptFormat;
  content: string;
  cueCount: number;
  /** Only the cues or lines that changed or carry a suggestion. */
  segments: CleanedSegment[];
  applied: AppliedSummary[];
  suggestions: SuggestionSummary[];
  /** Cues that could not be read: in `content` exactly as they came, not cleaned. */
  skipped: SkippedCue[];
}

export interface CleanOptions {
  corrections: CompiledCorrections;
  entities: EntityIndex;
  stopwords: ReadonlySet<string>;
  rejected?: ReadonlySet<string>;
  /** More cues or lines than this are refused before any is cleaned. */
  maxSegments?: number;
}

/**
 * Cleaning costs time on every cue: this many holds a 2 MB subtitle file of ordinary cues (a
 * two-hour film has about 1,500). What each cue costs beyond that is bounded by the time budget.
 */
export const MAX_CLEAN_SEGMENTS = 25_000;

/** The input is within the size limit but has more cues or lines than one request may clean. */
export class CleanLimitError extends Error {
  constructor(readonly segments: number, readonly limit: number, readonly unit: "cues" | "lines") {
    super(`This file has ${segments.toLocaleString("en")} ${unit}; one request cleans at most ${limit.toLocaleString("en")}. Split the file and clean the parts.`);
    this.name = "CleanLimitError";
  }
}

/** Applies the approved corrections to every cue or line, then proposes new ones on what is left. */
export function cleanTranscript(content: string, format: TranscriptFormat, options: CleanOptions): CleanResult {
  const parsed = parseTranscript(content, format);
  assertSomeCueRead(parsed);
  const maxSegments = options.maxSegments ?? MAX_CLEAN_SEGMENTS;
  const textSegments = parsed.segments.reduce((n, s) => (s.kind === "raw" ? n : n + 1), 0);
  if (textSegments > maxSegments) throw new CleanLimitError(textSegments, maxSegments, format === "text" ? "lines" : "cues");
  const markup = format !== "text";
  const codeCache = new Map<string, string[]>();
  const segments: TranscriptSegment[] = [];
  const changed: CleanedSegment[] = [];
  const applied = new Map<string, AppliedSummary>();
  const suggestions = new Map<string, SuggestionSummary>();
  for (const segment of parsed.segments) {
    if (segment.kind === "raw") {
      segments.push(segment);
      continue;
    }
    const result = applyCorrections(segment.text, options.corrections, { markup });
    const proposals = proposeCorrections(result.text, options.entities, {
      markup,
      stopwords: options.stopwords,
      protectedRanges: result.edits.map((e) => [e.start, e.end] as const),
      rejected: options.rejected,
      codeCache,
    });
    segments.push({ ...segment, text: result.text });
    if (result.edits.length === 0 && proposals.length === 0) continue;
    changed.push({ location: segment.location, original: segment.text, cleaned: result.text, applied: result.edits, suggestions: proposals });
    for (const edit of result.edits) {
      const summary = applied.get(edit.correctionId);
      if (summary) summary.occurrences++;
      else applied.set(edit.correctionId, { correctionId: edit.correctionId, to: edit.to, occurrences: 1 });
    }
    for (const p of proposals) {
      const key = `${phraseKey(p.originalText)}\u0000${p.suggestedText}`;
      const summary = suggestions.get(key);
      if (summary) {
        summary.occurrences++;
        summary.confidence = Math.max(summary.confidence, p.confidence);
      } else {
        suggestions.set(key, {
          originalText: p.originalText,
          suggestedText: p.suggestedText,
          similarity: p.similarity,
          confidence: p.confidence,
          occurrences: 1,
          contextLine: result.text,
          location: segment.location,
          entity: p.entity,
        });
      }
    }
  }
  return {
    format,
    content: writeTranscript(segments),
    cueCount: parsed.cueCount,
    segments: changed,
    applied: [...applied.values()],
    suggestions: [...suggestions.values()].sort((a, b) => b.confidence - a.confidence),
    skipped: parsed.skipped,
  };
}
