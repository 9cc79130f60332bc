import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import { withSystem } from "@/lib/tenancy/with-tenant";

/** Chunks read per transaction: 44 ms of the embedded engine at the median for chunks of ~60 lexemes (search bench). */
export const FOLD_BATCH = 100;

/** A term's concept vector weighted by 1 + ln(`count`); pgvector has no scalar product, so an elementwise one where the weight is not 1. */
export function weightedConcept(concept: SQL, count: SQL): SQL {
  return sql`case when ${count} = 1 then ${concept} else ${concept} * array_fill((1 + ln(${count}))::real, array[vector_dims(${concept})])::vector end`;
}

/**
 * A chunk's concept vector from its tsvector `tsv`: the weighted sum of its lexemes' concepts (null
 * when the model knows none). Each lexeme is looked up by primary key (`limit 1` keeps the planner
 * from joining instead: right after a fit its statistics know few terms, and a hash join read the
 * model's 18,000 terms for every chunk).
 */
export function chunkConceptSql(tenantId: SQL, version: SQL, tsv: SQL): SQL {
  return sql`(select sum(${weightedConcept(sql`t.concept`, sql`coalesce(cardinality(u.positions), 1)`)}) from unnest(${tsv}) u
      cross join lateral (select concept from concept_terms where tenant_id = ${tenantId} and version = ${version} and lexeme = u.lexeme limit 1) t)`;
}

/** Where each workspace's pass over its chunks (in id order) stands, so each batch reads new ones. */
const passes = new Map<string, { version: number; after: string }>();
const FIRST_ID = "00000000-0000-0000-0000-000000000000";

/**
 * Takes the next FOLD_BATCH chunks (by id) of one workspace whose concept model's fold count differs
 * from its chunk count, folds those without a vector of the model's version into chunk_concepts,
 * then counts the model's rows again (deleted chunks take theirs with them). A pass that reaches the
 * last chunk starts again from the first while the counts still differ. Hybrid search reads these
 * vectors instead of folding each pooled chunk in at query time. False when no workspace has work,
 * or a pass ended without changing anything.
 */
export async function foldInNextConcepts(): Promise<boolean> {
  return withSystem("the worker folds chunks into their workspace's concept model", async (tx) => {
    const [due] = await queryRows<{ tenant_id: string; version: number; folded: number }>(
      tx,
      sql`select m.tenant_id, m.version, m.folded from concept_models m join chunk_corpus_stats s on s.tenant_id = m.tenant_id
          where m.dimensions > 0 and m.folded <> s.chunks
          order by m.fitted_at, m.tenant_id limit 1`,
    );
    if (!due) return false;
    const tenant = sql`${due.tenant_id}::uuid`;
    const version = sql`${due.version}::int`;
    const pass = passes.get(due.tenant_id);
    const after = pass?.version === due.version ? pass.after : FIRST_ID;
    // Whether a chunk has its vector is one primary key lookup (lateral, `limit 1`).
    const [batch] = await queryRows<{ last: string | null; examined: number }>(
      tx,
      sql`with batch as materialized (select c.id, c.tsv from chunks c where c.tenant_id = ${tenant} and c.id > ${after}::uuid order by c.id limit ${FOLD_BATCH}),
          folded as (
            insert into chunk_concepts (tenant_id, chunk_id, version, concept)
            select ${tenant}, b.id, ${version}, ${chunkConceptSql(tenant, version, sql`b.tsv`)}
            from batch b left join lateral (select cc.version from chunk_concepts cc where cc.tenant_id = ${tenant} and cc.chunk_id = b.id limit 1) f on true
            where f.version is distinct from ${version}
            on conflict (tenant_id, chunk_id) do update set version = excluded.version, concept = excluded.concept
          )
          select (select id from batch order by id desc limit 1) as last, (select count(*)::int from batch) as examined`,
    );
    const passEnded = batch!.examined < FOLD_BATCH;
    if (passEnded) passes.delete(due.tenant_id);
    else passes.set(due.tenant_id, { version: due.version, after: batch!.last! });
    const [counted] = await queryRows<{ folded: number }>(
      tx,
      sql`update concept_models set folded = (select count(*) from chunk_concepts where tenant_id = ${tenant} and version = ${version})::int
          where tenant_id = ${tenant} and version = ${version} returning folded`,
    );
    return !passEnded || (counted !== undefined && counted.folded !== due.folded);
  });
}
