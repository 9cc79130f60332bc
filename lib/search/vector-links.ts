import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { queryRows } from "@/db/connect";
import { withSystem } from "@/lib/tenancy/with-tenant";

/**
 * New chunks arrive with their vector in `pending_embedding` (migration 0024); the worker moves it
 * into `embedding`, which links it into its workspace's HNSW graph, a slice at a time while it has
 * no document to process. Linking costs the embedded engine ~5 ms a chunk (pgvector's upkeep of the
 * neighbour lists), which used to be three quarters of an upload's write; meanwhile search reads the
 * waiting chunks exactly (retrieve.ts), so a completed document is searchable at once, and exactly.
 */

/** Chunks linked per transaction: at ~5 ms each, about 100 ms of the embedded engine. */
export const LINK_SLICE = 20;

/**
 * Waiting chunks past which the worker links before it takes the next document, so a steady stream
 * of uploads cannot slow search without bound. A workspace's search reads its waiting chunks
 * exactly: a semantic search of a workspace whose 10,800 chunks all waited took about as long as
 * once they were linked (~50 ms through the search service), so a burst of up to this many (about
 * 40 MB of text) is written at full speed and linked afterwards.
 */
export const LINK_BACKLOG = 20_000;
/** How long a backlog count stands: counting 20,000 index entries before every document cost the engine more than the check saves. */
const BACKLOG_CHECK_MS = 2_000;
let backlog: { over: number; at: number; isOver: boolean } | undefined;

/** Workspaces whose partition holds old row versions from linking, to vacuum once nothing waits. */
const linkedSinceVacuum = new Set<string>();

/** The number of chunks waiting to be linked, counted up to `cap`. */
export async function countWaitingVectors(cap: number): Promise<number> {
  return withSystem("count chunks waiting for the vector graph", async (tx) => {
    const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from (select 1 from chunks where pending_embedding is not null limit ${cap}) w`);
    return row!.n;
  });
}

/**
 * Links the next LINK_SLICE waiting chunks (any workspace's; SKIP LOCKED, so lanes and workers
 * share the work). With `whenOver`, only while more than that many wait. False when none was linked;
 * then the partitions linking left old row versions in are vacuumed (see vacuumLinked).
 */
export async function linkNextVectors({ whenOver }: { whenOver?: number } = {}): Promise<boolean> {
  if (whenOver !== undefined && !(await backlogOver(whenOver))) return false;
  const linked = await withSystem("the worker links new chunks into their workspace's vector graph", (tx) =>
    queryRows<{ tenant_id: string }>(
      tx,
      sql`update chunks c set embedding = w.pending_embedding, pending_embedding = null
          from (select id, tenant_id, pending_embedding from chunks where pending_embedding is not null limit ${LINK_SLICE} for update skip locked) w
          where c.id = w.id and c.tenant_id = w.tenant_id
          returning c.tenant_id`,
    ),
  );
  for (const row of linked) linkedSinceVacuum.add(row.tenant_id);
  if (linked.length > 0) return true;
  if (whenOver === undefined) await vacuumLinked();
  return false;
}

/** Whether more than `over` chunks wait, from a count at most BACKLOG_CHECK_MS old (a backlog being linked is counted afresh). */
async function backlogOver(over: number): Promise<boolean> {
  const now = Date.now();
  if (backlog?.over === over && !backlog.isOver && now - backlog.at < BACKLOG_CHECK_MS) return false;
  const isOver = (await countWaitingVectors(over + 1)) > over;
  backlog = { over, at: now, isOver };
  return isOver;
}

/** Links every waiting chunk (tests, benchmarks, the command-line worker's drain). */
export async function linkAllVectors(): Promise<void> {
  while (await linkNextVectors());
}

/**
 * Linking updates every chunk once, leaving its old version behind; the embedded database (in this
 * process or behind `npm start`'s socket) has no autovacuum, so the worker vacuums the partitions it
 * linked in once their backlog is gone (on a PostgreSQL server autovacuum does it). A failure is
 * logged: the space is reclaimed next time.
 */
async function vacuumLinked(): Promise<void> {
  if (linkedSinceVacuum.size === 0) return;
  const { db, embedded } = await getDatabase();
  const tenants = [...linkedSinceVacuum];
  linkedSinceVacuum.clear();
  if (!embedded) return;
  for (const tenantId of tenants) {
    // A workspace deleted meanwhile took its partition with it.
    const [partition] = await queryRows<{ name: string }>(db, sql`select p.name from (select chunk_partition_name(${tenantId}::uuid) as name) p where to_regclass(p.name) is not null`);
    if (!partition) continue;
    await db.execute(sql`vacuum ${sql.identifier(partition.name)}`).catch((error: unknown) => console.error("vacuum after linking vectors failed", { error, tenantId }));
  }
}
