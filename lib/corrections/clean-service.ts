import { sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { recordAudit } from "@/lib/audit/record-audit";
import { readEnv } from "@/lib/env";
import { AppError, toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { CorrectionConflict } from "./apply-corrections";
import { PoolTaskError, runInPool } from "@/lib/workers/pool";
import type { CleanedSegment } from "./clean-transcript";
import { confidenceLevel } from "./confidence";
import { loadMemoryRows, pairKey } from "./correction-memory";
import type { CleanInput } from "./schemas";
import { describeLocation, type SkippedCue, type TextLocation, type TranscriptFormat } from "./transcript-format";
import { phraseKey } from "./words";

export interface CleanResponse {
  format: TranscriptFormat;
  content: string;
  cue_count: number;
  applied: {
    correction_id: string;
    /** Report whether this application was right with POST /api/v1/corrections/{id}/outcome. */
    application_id: string;
    original_text: string;
    corrected_text: string;
    occurrences: number;
  }[];
  suggestions: {
    /** The queued suggestion; approving it makes the next clean apply it. */
    correction_id: string;
    status: "suggested" | "approved";
    original_text: string;
    suggested_text: string;
    confidence: number;
    confidence_level: string;
    similarity: number;
    occurrences: number;
    context_line: string;
    location: TextLocation;
    source: string;
  }[];
  /** Suggestions past MAX_QUEUED_SUGGESTIONS (the least confident): clean again after reviewing the queue. */
  suggestions_left_out: number;
  /** Names found in the context sources past MAX_CONTEXT_ENTITIES (the least mentioned), not used. */
  context_entities_left_out: number;
  conflicts: CorrectionConflict[];
  /** The first MAX_LISTED_SEGMENTS changed cues or lines, in order. */
  segments: CleanedSegment[];
  /** Changed cues or lines past those (their changes are in `content`). */
  segments_left_out: number;
  /** The first MAX_LISTED_SKIPPED_CUES cues that could not be read (a bad timing): left in `content` as they were, not cleaned. */
  skipped_cues: SkippedCue[];
  /** Skipped cues past those. */
  skipped_cues_left_out: number;
}

export { MAX_LISTED_SEGMENTS, MAX_LISTED_SKIPPED_CUES, MAX_QUEUED_SUGGESTIONS } from "./clean-task";

/** How long one clean may take on a pool thread before it is stopped (CLEAN_BUDGET_SECONDS, default 30). */
function cleanBudgetSeconds(): number {
  return readEnv().CLEAN_BUDGET_SECONDS;
}

function poolFailure(error: PoolTaskError, seconds: number): AppError {
  if (error.reason === "budget") return new AppError("too_large:clean", `Cleaning took longer than ${seconds} s, so it was stopped and nothing was saved. Split the file, or send fewer or shorter context sources.`);
  if (error.reason === "memory") return new AppError("too_large:clean", "Cleaning needed more memory than one request may use, so it was stopped and nothing was saved. Split the file, or send fewer or shorter context sources.");
  if (error.reason === "cancelled") return new AppError("bad_request:cancelled", "The request was cancelled before cleaning finished; nothing was saved.");
  return toAppError(error, { task: error.task });
}

/**
 * Cleans a transcript with the tenant's approved corrections, proposes new ones from its glossary
 * and the request's context sources, counts each application, and queues new suggestions. The
 * engine runs on a pool thread within CLEAN_BUDGET_SECONDS; `signal` (the request's) cancels it.
 */
export async function cleanContent({ actor, input, signal }: { actor: Actor; input: CleanInput; signal?: AbortSignal }): Promise<CleanResponse> {
  const budgetSeconds = cleanBudgetSeconds();
  const memory = await withTenant(actor, (tx) => loadMemoryRows(tx, actor.tenantId));
  let outcome;
  try {
    outcome = await runInPool(
      "clean",
      {
        tenantId: actor.tenantId,
        memory,
        content: input.content,
        format: input.format,
        language: input.language,
        contextSources: input.context_sources.map((s) => ({ type: s.type, content: s.content, sourceId: s.source_id, authority: s.authority })),
      },
      { budgetMs: budgetSeconds * 1000, signal },
    );
  } catch (error) {
    throw error instanceof PoolTaskError ? poolFailure(error, budgetSeconds) : error;
  }
  if (!outcome.ok) throw outcome.problem === "format" ? new AppError("bad_request:transcript", outcome.message) : new AppError("too_large:clean", outcome.message);
  const { result, totals, conflicts, contextEntitiesLeftOut } = outcome;
  const queued = result.suggestions;

  return withTenant(actor, async (tx) => {
    const now = new Date();
    const applied: CleanResponse["applied"] = [];
    if (result.applied.length) {
      // One statement: bump each used correction's usage by its occurrences and write its history
      // row. Arrays go in as two literals (uuids and integers only), not thousands of parameters.
      const ids = `{${result.applied.map((a) => a.correctionId).join(",")}}`;
      const counts = `{${result.applied.map((a) => a.occurrences).join(",")}}`;
      const history = await queryRows<{ id: string; correction_id: string; original_text: string; corrected_text: string; occurrences: number }>(
        tx,
        sql`WITH used AS (SELECT * FROM unnest(${ids}::uuid[], ${counts}::int[]) AS u(id, n)),
          bumped AS (
            UPDATE tenant_corrections c SET usage_count = c.usage_count + used.n, last_applied_at = ${now.toISOString()}::timestamptz
            FROM used WHERE c.id = used.id
            RETURNING c.id, c.original_text, c.corrected_text, used.n)
          INSERT INTO correction_history (tenant_id, correction_id, original_text, corrected_text, occurrences, applied_at)
          SELECT ${actor.tenantId}::uuid, id, original_text, corrected_text, n, ${now.toISOString()}::timestamptz FROM bumped
          RETURNING id, correction_id, original_text, corrected_text, occurrences`,
      );
      for (const h of history) applied.push({ correction_id: h.correction_id, application_id: h.id, original_text: h.original_text, corrected_text: h.corrected_text, occurrences: h.occurrences });
    }

    // New suggestions enter the queue in one statement; known pairs keep their row and status. The
    // rows go in as one JSON parameter: building hundreds of rows of parameters held the server's
    // thread for a quarter of a second. The insert's own rows come back from `added` because the
    // statement's snapshot does not see them.
    const proposed = queued.map((s) => ({ ...s, key: phraseKey(s.originalText), source: s.entity.origin === "glossary" ? "cleaner:glossary" : "cleaner:context" }));
    const rows = proposed.length
      ? await queryRows<{ id: string; status: "suggested" | "approved" | "rejected"; key: string; corrected: string }>(
          tx,
          sql`WITH proposed AS (
              SELECT * FROM jsonb_to_recordset(${JSON.stringify(proposed.map((s) => ({ original_text: s.originalText, original_key: s.key, corrected_text: s.suggestedText, confidence: s.confidence, source: s.source, context: s.contextLine.slice(0, 1000) })))}::jsonb)
                AS p(original_text text, original_key text, corrected_text text, confidence double precision, source text, context text)),
            added AS (
              INSERT INTO tenant_corrections (tenant_id, original_text, original_key, corrected_text, confidence, status, source, context)
              SELECT ${actor.tenantId}::uuid, original_text, original_key, corrected_text, confidence, 'suggested', source, context FROM proposed
              ON CONFLICT DO NOTHING
              RETURNING id, status, original_key, corrected_text)
            SELECT id, status::text AS status, original_key AS key, corrected_text AS corrected FROM added
            UNION ALL
            SELECT id, status::text, original_key, corrected_text FROM tenant_corrections
            WHERE original_key IN (SELECT original_key FROM proposed)`,
        )
      : [];
    const rowByPair = new Map(rows.map((r) => [pairKey(r.key, r.corrected), r]));
    const suggestions: CleanResponse["suggestions"] = [];
    for (const s of proposed) {
      const row = rowByPair.get(pairKey(s.key, s.suggestedText));
      if (!row || row.status === "rejected") continue;
      suggestions.push({
        correction_id: row.id,
        status: row.status,
        original_text: s.originalText,
        suggested_text: s.suggestedText,
        confidence: s.confidence,
        confidence_level: confidenceLevel(s.confidence),
        similarity: s.similarity,
        occurrences: s.occurrences,
        context_line: s.contextLine,
        location: s.location,
        source: s.entity.sourceId ? `${s.source} (${s.entity.sourceId})` : s.source,
      });
    }

    await recordAudit(tx, actor, {
      action: "corrections.cleaned",
      targetType: "transcript",
      details: { format: input.format, cues: result.cueCount, skippedCues: totals.skipped, applied: applied.length, suggestions: suggestions.length, firstChange: result.segments[0] ? describeLocation(result.segments[0].location) : null },
    });
    return {
      format: result.format,
      content: result.content,
      cue_count: result.cueCount,
      applied,
      suggestions,
      suggestions_left_out: totals.suggestions - queued.length,
      context_entities_left_out: contextEntitiesLeftOut,
      conflicts,
      segments: result.segments,
      segments_left_out: totals.segments - result.segments.length,
      skipped_cues: result.skipped,
      skipped_cues_left_out: totals.skipped - result.skipped.length,
    };
  });
}
