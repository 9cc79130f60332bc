import { inArray, sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { tenantCorrections } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { CorrectionConflict } from "./apply-corrections";
import { cleanTranscript, type CleanedSegment } from "./clean-transcript";
import { confidenceLevel } from "./confidence";
import { entitiesFromContext } from "./context-entities";
import { loadCorrectionMemory, pairKey } from "./correction-memory";
import { buildEntityIndex, type KnownEntity } from "./propose-corrections";
import type { CleanInput } from "./schemas";
import { stopwordsFor } from "./stopwords";
import { describeLocation, TranscriptFormatError, type TextLocation, type TranscriptFormat } from "./transcript-format";
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
  conflicts: CorrectionConflict[];
  segments: CleanedSegment[];
}

/**
 * Cleans a transcript with the tenant's approved corrections, proposes new ones from its glossary
 * and the request's context sources, counts each application, and queues new suggestions.
 */
export async function cleanContent({ actor, input }: { actor: Actor; input: CleanInput }): Promise<CleanResponse> {
  const memory = await withTenant(actor, (tx) => loadCorrectionMemory(tx, actor.tenantId));
  const stopwords = stopwordsFor(input.language);
  const contextEntities: KnownEntity[] = input.context_sources.flatMap((source) =>
    entitiesFromContext(source, stopwords).map((text): KnownEntity => ({ text, authority: source.authority, origin: "context", sourceId: source.source_id ?? null })),
  );
  const entities = contextEntities.length ? buildEntityIndex([...memory.glossary, ...contextEntities]) : memory.glossaryIndex;

  let result;
  try {
    result = cleanTranscript(input.content, input.format, { corrections: memory.compiled, entities, stopwords, rejected: memory.rejected });
  } catch (error) {
    if (error instanceof TranscriptFormatError) throw new AppError("bad_request:transcript", error.message);
    throw error;
  }

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

    // New suggestions enter the queue in one statement; known pairs keep their row and status.
    const proposed = result.suggestions.map((s) => ({ ...s, key: phraseKey(s.originalText), source: s.entity.origin === "glossary" ? "cleaner:glossary" : "cleaner:context" }));
    if (proposed.length) {
      await tx
        .insert(tenantCorrections)
        .values(proposed.map((s) => ({ tenantId: actor.tenantId, originalText: s.originalText, originalKey: s.key, correctedText: s.suggestedText, confidence: s.confidence, status: "suggested" as const, source: s.source, context: s.contextLine.slice(0, 1000) })))
        .onConflictDoNothing();
    }
    const rows = proposed.length
      ? await tx
          .select({ id: tenantCorrections.id, status: tenantCorrections.status, key: tenantCorrections.originalKey, corrected: tenantCorrections.correctedText })
          .from(tenantCorrections)
          .where(inArray(tenantCorrections.originalKey, [...new Set(proposed.map((s) => s.key))]))
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
      details: { format: input.format, cues: result.cueCount, applied: applied.length, suggestions: suggestions.length, firstChange: result.segments[0] ? describeLocation(result.segments[0].location) : null },
    });
    return {
      format: result.format,
      content: result.content,
      cue_count: result.cueCount,
      applied,
      suggestions,
      conflicts: memory.compiled.conflicts,
      segments: result.segments,
    };
  });
}
