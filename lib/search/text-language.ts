import { eq, inArray, ne, sql } from "drizzle-orm";
import { chunks, tenants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { notifyWorker } from "@/lib/ingest/worker-signal";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import type { TextConfig } from "./ranking-settings";

export const DEFAULT_TEXT_CONFIG = "english";
const REINDEX_BATCH = 500;

/** The text search configuration a workspace's chunks are indexed and queried with. */
const configOf = sql`coalesce(${tenants.settings}->>'textConfig', ${DEFAULT_TEXT_CONFIG})`;

/**
 * Chooses the language a workspace's text is stemmed in ('simple' for mixed text). Queries use it
 * at once; the worker re-indexes the chunks in the background, keeping the statistics exact.
 */
export async function updateTextLanguage({ actor, textConfig }: { actor: Actor; textConfig: TextConfig }): Promise<void> {
  await withTenant(actor, async (tx) => {
    const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, actor.tenantId)).for("update");
    const before = tenant?.settings.textConfig ?? DEFAULT_TEXT_CONFIG;
    await tx.update(tenants).set({ settings: { ...tenant?.settings, textConfig } }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, { action: "tenant.text_language_changed", targetType: "tenant", targetId: actor.tenantId, before: { textConfig: before }, after: { textConfig } });
  });
  notifyWorker();
}

/** Re-indexes one batch of chunks whose workspace chose another language (the row trigger rebuilds tsv). False when idle. */
export async function reindexNextBatch(): Promise<boolean> {
  return withSystem("the worker re-indexes chunks in their workspace's language", async (tx) => {
    const batch = await tx
      .select({ id: chunks.id, textConfig: sql<string>`${configOf}` })
      .from(chunks)
      .innerJoin(tenants, eq(tenants.id, chunks.tenantId))
      .where(ne(sql`${chunks.textConfig}::text`, configOf))
      .limit(REINDEX_BATCH)
      .for("update", { of: chunks, skipLocked: true });
    for (const textConfig of new Set(batch.map((c) => c.textConfig))) {
      const ids = batch.filter((c) => c.textConfig === textConfig).map((c) => c.id);
      await tx.update(chunks).set({ textConfig }).where(inArray(chunks.id, ids));
    }
    return batch.length > 0;
  });
}
