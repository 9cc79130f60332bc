import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { openPglite, queryRows, type DatabaseHandle } from "@/db/connect";
import { tenants } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { measure, percentile, round } from "./measure";
import { TopicCorpus } from "./topic-corpus";

/** The search benchmarks' k. */
export const K = 10;
/** Very different tenant sizes; the last holds 1% of the rows. */
export const SHARES = [0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01];

export interface LoadedChunk {
  tenant: number;
  text: string;
  vector: number[];
}

export interface Query {
  tenant: number;
  text: string;
  vector: number[];
}

export function latencyStats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 2), p95: round(percentile(sorted, 95), 2) };
}

/**
 * `total` chunks of topical text over one tenant per share, embedded and stored as ingest would,
 * without the HNSW index (dropped first: building it once after the load is much cheaper than
 * maintaining it per row). Returns the tenants' actors and every chunk, in insertion order.
 */
export async function loadTenantChunks(
  handle: DatabaseHandle,
  { total, embedder, corpus, shares = SHARES }: { total: number; embedder: HashingEmbedder; corpus: TopicCorpus; shares?: number[] },
): Promise<{ actors: Actor[]; texts: LoadedChunk[] }> {
  const tenantRows = await handle.db
    .insert(tenants)
    .values(shares.map((_, i) => ({ name: `Bench ${i + 1}`, slug: `bench-${i + 1}` })))
    .returning();
  const actors: Actor[] = tenantRows.map((t) => ({ tenantId: t.id, role: "owner" }));
  await handle.db.execute(sql`drop index chunks_embedding_hnsw_idx`);
  const texts: LoadedChunk[] = [];
  for (const [t, share] of shares.entries()) {
    const count = Math.round(total * share);
    const actor = actors[t]!;
    for (let start = 0; start < count; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - start) }, () => {
        // Each document of 1,000 chunks is about one topic; tenants hold several topics.
        const text = corpus.passage(corpus.topicOf(t * 7 + Math.floor(start / 1000)), 50 + Math.floor(corpus.next() * 50));
        return { tenant: t, text, vector: embedder.embedOne(text) };
      });
      texts.push(...batch);
      await withTenant(actor, async (tx) => {
        const [doc] = await queryRows<{ id: string }>(
          tx,
          sql`insert into documents (tenant_id, filename, mime_type, file_size, sha256, storage_key, status)
              values (${actor.tenantId}, ${`bench-${t}-${start}.txt`}, 'text/plain', 0, ${createHash("sha256").update(`${t}-${start}`).digest("hex")}, ${`bench/${t}/${start}`}, 'completed') returning id`,
        );
        for (let i = 0; i < batch.length; i += 250) {
          const rows = batch.slice(i, i + 250).map((c, j) => sql`(${doc!.id}, ${actor.tenantId}, ${start + i + j}, ${c.text}, 0, ${JSON.stringify(c.vector)}::vector, ${embedder.model})`);
          await tx.execute(sql`insert into chunks (document_id, tenant_id, ordinal, content, token_count, embedding, embedding_model) values ${sql.join(rows, sql`, `)}`);
        }
      });
    }
  }
  return { actors, texts };
}

/** `count` queries of 3–6 words cut from random chunks, taking the tenants in turn. */
export function pickQueries(texts: LoadedChunk[], { count, tenants: tenantCount, corpus, embedder }: { count: number; tenants: number; corpus: TopicCorpus; embedder: HashingEmbedder }): Query[] {
  const byTenant = Array.from({ length: tenantCount }, (_, t) => texts.filter((c) => c.tenant === t));
  return Array.from({ length: count }, (_, q) => {
    const tenant = q % tenantCount;
    const pool = byTenant[tenant]!;
    const words = pool[Math.floor(corpus.next() * pool.length)]!.text.split(" ");
    const at = Math.floor(corpus.next() * Math.max(1, words.length - 6));
    const text = words.slice(at, at + 3 + Math.floor(corpus.next() * 4)).join(" ").replace(/[.,]/g, "");
    return { tenant, text, vector: embedder.embedOne(text) };
  });
}

export interface SearchData {
  handle: DatabaseHandle;
  embedder: HashingEmbedder;
  corpus: TopicCorpus;
  actors: Actor[];
  texts: LoadedChunk[];
  loadSeconds: number;
}

/** A fresh embedded database in a temporary folder, migrated and loaded by loadTenantChunks, removed after `fn`. */
export async function withSearchData<T>(name: string, total: number, fn: (data: SearchData) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `tkc-bench-${name}-`));
  const handle = await openPglite(path.join(dir, "pglite"));
  try {
    await handle.migrate();
    setDatabase(handle);
    const embedder = new HashingEmbedder(384);
    const corpus = new TopicCorpus();
    const loaded = await measure(() => loadTenantChunks(handle, { total, embedder, corpus }));
    return await fn({ handle, embedder, corpus, ...loaded.value, loadSeconds: loaded.seconds });
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}
