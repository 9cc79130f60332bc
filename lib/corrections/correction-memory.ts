import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/connect";
import { tenantContext, tenantCorrections, type CorrectionStatus } from "@/db/schema";
import { compileCorrections, type CompiledCorrections, type CorrectionRule } from "./apply-corrections";
import { buildEntityIndex, type EntityIndex, type KnownEntity } from "./propose-corrections";

/** A tenant's corrections and glossary as stored: read on the request thread, compiled on a pool thread. */
export interface MemoryRows {
  version: string;
  corrections: (CorrectionRule & { originalKey: string; status: CorrectionStatus; isEnabled: boolean })[];
  glossary: KnownEntity[];
}

/** A tenant's corrections and glossary, compiled for cleaning. */
export interface CorrectionMemory {
  compiled: CompiledCorrections;
  glossary: KnownEntity[];
  glossaryIndex: EntityIndex;
  /** `originalKey + "\u0000" + corrected` of every rejected pair. */
  rejected: Set<string>;
}

export const pairKey = (originalKey: string, corrected: string) => `${originalKey}\u0000${corrected}`;

// The rows are re-read and the memory rebuilt only when the version changes: a checksum of exactly
// the columns cleaning reads, so usage counters do not invalidate it but any relevant change does.
// Compiling 5,000 corrections and indexing 2,000 entities costs some 25 ms: more than cleaning a
// short file, so each pool thread keeps its compiled copies too.
const MAX_TENANTS = 200;
const rowsCache = new Map<string, MemoryRows>();
const compiledCache = new Map<string, CorrectionMemory>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

async function versionOf(tx: Transaction): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    tx,
    sql`SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(id::text || original_text || corrected_text || status::text || is_enabled::text)), 0) FROM tenant_corrections)
      || '|' || (SELECT count(*) || ':' || coalesce(sum(hashtext(entity_text || authority_score::text || coalesce(source_id, ''))), 0) FROM tenant_context) AS v`,
  );
  return row!.v;
}

/** The tenant's stored memory, read inside the caller's withTenant transaction. */
export async function loadMemoryRows(tx: Transaction, tenantId: string): Promise<MemoryRows> {
  const version = await versionOf(tx);
  const cached = rowsCache.get(tenantId);
  if (cached?.version === version) return cached;
  const corrections = await tx
    .select({ id: tenantCorrections.id, originalText: tenantCorrections.originalText, originalKey: tenantCorrections.originalKey, correctedText: tenantCorrections.correctedText, status: tenantCorrections.status, isEnabled: tenantCorrections.isEnabled })
    .from(tenantCorrections);
  const glossaryRows = await tx.select({ text: tenantContext.entityText, authority: tenantContext.authorityScore, sourceId: tenantContext.sourceId }).from(tenantContext);
  const glossary: KnownEntity[] = glossaryRows.map((e) => ({ text: e.text, authority: e.authority, origin: "glossary", sourceId: e.sourceId }));
  return remember(rowsCache, tenantId, { version, corrections, glossary });
}

/** The compiled memory of `rows` (CPU work: call it on a pool thread). */
export function compileMemory(tenantId: string, rows: MemoryRows): CorrectionMemory {
  const key = `${tenantId}:${rows.version}`;
  const cached = compiledCache.get(key);
  if (cached) return cached;
  return remember(compiledCache, key, {
    compiled: compileCorrections(rows.corrections.filter((r) => r.status === "approved" && r.isEnabled)),
    glossary: rows.glossary,
    glossaryIndex: buildEntityIndex(rows.glossary),
    rejected: new Set(rows.corrections.filter((r) => r.status === "rejected").map((r) => pairKey(r.originalKey, r.correctedText))),
  });
}
