import { sql } from "drizzle-orm";
import { queryRows } from "@/db/connect";
import type { EmbeddingProvider } from "@/lib/embeddings/provider";
import { DEFAULT_TEXT_CONFIG } from "@/lib/search/text-language";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { runInPool } from "@/lib/workers/pool";
import type { TermCounts } from "./fit-concepts";

/** A workspace gets a concept model once it has this many chunks: fewer hold too little co-occurrence. */
export const CONCEPT_MIN_CHUNKS = 50;
/** The fit reads at most this many chunks, a uniform sample. */
export const CONCEPT_SAMPLE = 20_000;
/** Refit when the workspace has grown or shrunk by this factor since the fit. */
export const REFIT_FACTOR = 1.5;
const READ_PAGE = 2_000;
/** Rows per insert: three parameters each, far under PostgreSQL's 65,535. */
const WRITE_BATCH = 1_000;
// A 20,000-chunk sample takes about 20 s on this machine's cores; one over this is retried on a later idle turn.
const CONCEPT_FIT_BUDGET_MS = 10 * 60_000;

interface Due extends Record<string, unknown> {
  tenant_id: string;
  text_config: string;
  chunks: number;
  version: number;
}

/** One workspace whose model is missing, out of date by size or language; none while its text is being re-indexed. */
async function nextDue(): Promise<Due | null> {
  const [due] = await withSystem("the worker finds a workspace whose concept model is missing or old", (tx) =>
    queryRows<Due>(
      tx,
      sql`select s.tenant_id, coalesce(t.settings->>'textConfig', ${DEFAULT_TEXT_CONFIG}) as text_config, s.chunks::int as chunks,
                 coalesce(m.version, 0) + 1 as version
          from chunk_corpus_stats s join tenants t on t.id = s.tenant_id left join concept_models m on m.tenant_id = s.tenant_id
          where s.chunks >= ${CONCEPT_MIN_CHUNKS}
            and (m.tenant_id is null or s.chunks > m.chunks * ${REFIT_FACTOR}::float8 or s.chunks * ${REFIT_FACTOR}::float8 < m.chunks
                 or m.text_config::text <> coalesce(t.settings->>'textConfig', ${DEFAULT_TEXT_CONFIG}))
            and not exists (select 1 from chunks c where c.tenant_id = s.tenant_id
                            and c.text_config::text <> coalesce(t.settings->>'textConfig', ${DEFAULT_TEXT_CONFIG}))
          order by m.fitted_at nulls first, s.tenant_id
          limit 1`,
    ),
  );
  return due ?? null;
}

/**
 * A uniform sample of the workspace's chunks as lexeme counts, a page of ids per transaction; only
 * the sampled chunks' tsvectors are aggregated.
 */
async function readSample(due: Due): Promise<TermCounts[]> {
  const share = Math.min(1, CONCEPT_SAMPLE / due.chunks);
  const sample: TermCounts[] = [];
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await withSystem("the worker reads chunks to fit a concept model", (tx) =>
      queryRows<{ id: string; counts: Record<string, number> | null }>(
        tx,
        sql`with page as (select id from chunks where tenant_id = ${due.tenant_id} and id > ${after}::uuid order by id limit ${READ_PAGE})
            select p.id, case when ${share}::float8 >= 1 or random() < ${share}::float8
                         then (select jsonb_object_agg(u.lexeme, coalesce(cardinality(u.positions), 1)) from unnest(c.tsv) u) end as counts
            from page p join chunks c on c.id = p.id order by p.id`,
      ),
    );
    for (const row of page) if (row.counts) sample.push(new Map(Object.entries(row.counts)));
    if (page.length < READ_PAGE) return sample;
    after = page.at(-1)!.id;
  }
}

/**
 * Fits the concept model of one workspace that needs one, in the background: the fit runs on a pool
 * thread (lib/workers), the terms are written under a new version in short transactions, then the
 * model row switches to it and the old version goes. False when no workspace needs one.
 */
export async function refitNextConceptModel(embedder: Pick<EmbeddingProvider, "kind">): Promise<boolean> {
  // An embedding model's vectors carry meaning; the concept model is for the offline embedder.
  if (embedder.kind !== "lexical") return false;
  const due = await nextDue();
  if (!due) return false;
  const model = await runInPool("fitConcepts", { chunks: await readSample(due) }, { budgetMs: CONCEPT_FIT_BUDGET_MS });
  // Terms a crashed earlier attempt left under this version are not this fit's.
  await withSystem("the worker clears a half-written concept model", (tx) => tx.execute(sql`delete from concept_terms where tenant_id = ${due.tenant_id} and version = ${due.version}`));
  if (!model) {
    // Too little vocabulary to learn from: record the size so the workspace is looked at again only when it grows.
    await withSystem("the worker records a workspace too small for a concept model", (tx) =>
      tx.execute(sql`insert into concept_models (tenant_id, version, text_config, dimensions, chunks) values (${due.tenant_id}, ${due.version}, ${due.text_config}::regconfig, 0, ${due.chunks})
        on conflict (tenant_id) do update set version = excluded.version, text_config = excluded.text_config, dimensions = 0, chunks = excluded.chunks, folded = 0, fitted_at = now()`),
    );
    await withSystem("the worker drops an old concept model", (tx) => tx.execute(sql`delete from concept_terms where tenant_id = ${due.tenant_id} and version <> ${due.version}`));
    return true;
  }
  for (let start = 0; start < model.terms.length; start += WRITE_BATCH) {
    const rows = model.terms
      .slice(start, start + WRITE_BATCH)
      .map((lexeme, i) => sql`(${due.tenant_id}, ${due.version}, ${lexeme}, ${model.literals[start + i]}::vector)`);
    await withSystem("the worker writes a concept model", (tx) =>
      tx.execute(sql`insert into concept_terms (tenant_id, version, lexeme, concept) values ${sql.join(rows, sql`, `)} on conflict do nothing`),
    );
  }
  await withSystem("the worker switches a workspace to its new concept model", async (tx) => {
    await tx.execute(
      sql`insert into concept_models (tenant_id, version, text_config, dimensions, chunks) values (${due.tenant_id}, ${due.version}, ${due.text_config}::regconfig, ${model.dimensions}, ${due.chunks})
          on conflict (tenant_id) do update set version = excluded.version, text_config = excluded.text_config, dimensions = excluded.dimensions, chunks = excluded.chunks, folded = 0, fitted_at = now()`,
    );
    await tx.execute(sql`delete from concept_terms where tenant_id = ${due.tenant_id} and version <> ${due.version}`);
  });
  return true;
}
