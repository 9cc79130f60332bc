import { and, eq, sql } from "drizzle-orm";
import { correctionHistory, tenantContext, tenantCorrections } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { compileCorrections, type CorrectionConflict } from "./apply-corrections";
import { cleanTranscript, type CleanedSegment } from "./clean-transcript";
import { confidenceLevel } from "./confidence";
import { entitiesFromContext } from "./context-entities";
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
  const memory = await withTenant(actor, async (tx) => ({
    corrections: await tx
      .select({ id: tenantCorrections.id, originalText: tenantCorrections.originalText, correctedText: tenantCorrections.correctedText, status: tenantCorrections.status, key: tenantCorrections.originalKey, isEnabled: tenantCorrections.isEnabled })
      .from(tenantCorrections),
    glossary: await tx.select({ text: tenantContext.entityText, authority: tenantContext.authorityScore, sourceId: tenantContext.sourceId }).from(tenantContext),
  }));
  const stopwords = stopwordsFor(input.language);
  const entities: KnownEntity[] = memory.glossary.map((e) => ({ text: e.text, authority: e.authority, origin: "glossary", sourceId: e.sourceId }));
  for (const source of input.context_sources)
    for (const text of entitiesFromContext(source, stopwords)) entities.push({ text, authority: source.authority, origin: "context", sourceId: source.source_id ?? null });
  const compiled = compileCorrections(memory.corrections.filter((r) => r.status === "approved" && r.isEnabled));
  const byId = new Map(memory.corrections.map((r) => [r.id, r]));
  const pairKey = (key: string, target: string) => `${key}\u0000${target}`;
  const rejected = new Set(memory.corrections.filter((r) => r.status === "rejected").map((r) => pairKey(r.key, r.correctedText)));

  let result;
  try {
    result = cleanTranscript(input.content, input.format, { corrections: compiled, entities: buildEntityIndex(entities), stopwords, rejected });
  } catch (error) {
    if (error instanceof TranscriptFormatError) throw new AppError("bad_request:transcript", error.message);
    throw error;
  }

  return withTenant(actor, async (tx) => {
    const now = new Date();
    const applied: CleanResponse["applied"] = [];
    if (result.applied.length) {
      const history = await tx
        .insert(correctionHistory)
        .values(result.applied.map((a) => {
          const rule = byId.get(a.correctionId)!;
          return { tenantId: actor.tenantId, correctionId: a.correctionId, originalText: rule.originalText, correctedText: rule.correctedText, occurrences: a.occurrences, appliedAt: now };
        }))
        .returning({ id: correctionHistory.id, correctionId: correctionHistory.correctionId, originalText: correctionHistory.originalText, correctedText: correctionHistory.correctedText, occurrences: correctionHistory.occurrences });
      // One statement for every correction used: usage grows by the occurrences found in this file.
      const counts = sql.join(history.map((h) => sql`(${h.correctionId}::uuid, ${h.occurrences}::int)`), sql`, `);
      await tx.execute(sql`UPDATE tenant_corrections t SET usage_count = t.usage_count + v.n, last_applied_at = ${now}
        FROM (VALUES ${counts}) AS v(id, n) WHERE t.id = v.id`);
      for (const h of history) applied.push({ correction_id: h.correctionId, application_id: h.id, original_text: h.originalText, corrected_text: h.correctedText, occurrences: h.occurrences });
    }

    const suggestions: CleanResponse["suggestions"] = [];
    for (const s of result.suggestions) {
      const key = phraseKey(s.originalText);
      const source = s.entity.origin === "glossary" ? "cleaner:glossary" : "cleaner:context";
      const [inserted] = await tx
        .insert(tenantCorrections)
        .values({ tenantId: actor.tenantId, originalText: s.originalText, originalKey: key, correctedText: s.suggestedText, confidence: s.confidence, status: "suggested", source, context: s.contextLine.slice(0, 1000) })
        .onConflictDoNothing()
        .returning({ id: tenantCorrections.id, status: tenantCorrections.status, confidence: tenantCorrections.confidence });
      const row =
        inserted ??
        (await tx
          .select({ id: tenantCorrections.id, status: tenantCorrections.status, confidence: tenantCorrections.confidence })
          .from(tenantCorrections)
          .where(and(eq(tenantCorrections.originalKey, key), eq(tenantCorrections.correctedText, s.suggestedText))))[0]!;
      if (row.status === "rejected") continue;
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
        source: s.entity.sourceId ? `${source} (${s.entity.sourceId})` : source,
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
      conflicts: compiled.conflicts,
      segments: result.segments,
    };
  });
}
