import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/connect";
import { tenantContext, tenantCorrections } from "@/db/schema";
import { compileCorrections, type CompiledCorrections } from "./apply-corrections";
import { buildEntityIndex, type EntityIndex, type KnownEntity } from "./propose-corrections";

/** A tenant's corrections and glossary, compiled for cleaning. */
export interface CorrectionMemory {
  version: string;
  compiled: CompiledCorrections;
  glossary: KnownEntity[];
  glossaryIndex: EntityIndex;
  /** `originalKey + "\u0000" + corrected` of every rejected pair. */
  rejected: Set<string>;
}

export const pairKey = (originalKey: string, corrected: string) => `${originalKey}\u0000${corrected}`;

// Compiling 5,000 corrections and indexing 2,000 entities costs some 25 ms: more than cleaning a
// short file. The memory is rebuilt only when its version changes: a checksum of exactly the
// columns cleaning reads, so usage counters do not invalidate it but any relevant change does.
const cache = new Map<string, CorrectionMemory>();
const MAX_TENANTS = 200;

async function versionOf(tx: Transaction): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    tx,
    sql`SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || original_text || corrected_text || status::text || is_enabled::text)), 0) FROM tenant_corrections)
      || '|' || (SELECT count(*) || ':' || coalesce(sum(hashtext(entity_text || authority_score::text || coalesce(source_id, ''))), 0) FROM tenant_context) AS v`,
  );
  return row!.v;
}

/** The tenant's compiled memory, read inside the caller's withTenant transaction. */
export async function loadCorrectionMemory(tx: Transaction, tenantId: string): Promise<CorrectionMemory> {
  const version = await versionOf(tx);
  const cached = cache.get(tenantId);
  if (cached?.version === version) return cached;
  const corrections = await tx
    .select({ id: tenantCorrections.id, originalText: tenantCorrections.originalText, originalKey: tenantCorrections.originalKey, correctedText: tenantCorrections.correctedText, status: tenantCorrections.status, isEnabled: tenantCorrections.isEnabled })
    .from(tenantCorrections);
  const glossaryRows = await tx.select({ text: tenantContext.entityText, authority: tenantContext.authorityScore, sourceId: tenantContext.sourceId }).from(tenantContext);
  const glossary: KnownEntity[] = glossaryRows.map((e) => ({ text: e.text, authority: e.authority, origin: "glossary", sourceId: e.sourceId }));
  const memory: CorrectionMemory = {
    version,
    compiled: compileCorrections(corrections.filter((r) => r.status === "approved" && r.isEnabled)),
    glossary,
    glossaryIndex: buildEntityIndex(glossary),
    rejected: new Set(corrections.filter((r) => r.status === "rejected").map((r) => pairKey(r.originalKey, r.correctedText))),
  };
  if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, memory);
  return memory;
}
