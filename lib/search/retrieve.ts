import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { queryRows } from "@/db/connect";
import type { ChunkMetadata, SearchMode } from "@/db/schema";
import { MIME_TYPES, type DocumentKind } from "@/lib/ingest/kinds";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";
import { parseQuery, type ParsedQuery } from "./query-parser";
import { weightedConcept } from "./concepts/chunk-concepts";
import { PRF, RRF_K, type RankingSettings } from "./ranking-settings";

export interface RetrieveOptions {
  tenantId: string;
  mode: SearchMode;
  query: ParsedQuery;
  textConfig: string;
  ranking: RankingSettings;
  vector: number[];
  model: string;
  /** Hybrid's semantic part from the workspace's concept model (offline embedder only; see `conceptCtes`). */
  concepts: boolean;
  topK: number;
  documentIds?: string[];
  kinds?: DocumentKind[];
  from?: Date;
  to?: Date;
  /** From prepareRetrieval: false when no chunk of the workspace waits for the graph, so none is read exactly. */
  vectorsWaiting?: boolean;
}

/** One query term's part in a chunk's BM25 score. */
export interface TermContribution {
  term: string;
  idf: number;
  tf: number;
  /** Its weight in the query: occurrences, or its RM3 share after feedback. */
  weight: number;
  contribution: number;
}

export interface RetrievedRow extends Record<string, unknown> {
  id: string;
  document_id: string;
  ordinal: number;
  metadata: ChunkMetadata;
  filename: string;
  mime_type: string;
  snippet: string;
  distance: number | null;
  sem_rank: number | null;
  ft_rank: number | null;
  ft_score: number | null;
  concept_similarity: number | null;
  sem_norm: number | null;
  ft_norm: number | null;
  fused: number | null;
  matched_fulltext: boolean;
  terms: TermContribution[] | null;
  score: number;
}

/** Candidates each retriever hands to the fusion: enough that a first place in one list survives. */
export function candidateCount(topK: number): number {
  return Math.min(200, Math.max(50, topK * 5));
}

/** At most this many chunks of the query's rarest terms are scored first, to bound the top scores (bm25Cte). */
const SEED_CHUNKS = 500;

/**
 * From this many chunks on, a workspace's vector search is made to walk its HNSW graph; below, the
 * planner chooses (an exact scan in the search bench). An exact scan costs about 6 us a chunk in
 * PGlite (2,000 chunks in ~12 ms), a graph walk at HNSW_EF_SEARCH 11-18 ms up to 30,000 chunks with
 * the graph in cache (`npm run bench -- search`).
 */
export const GRAPH_FROM_CHUNKS = 2000;

/**
 * HNSW breadth per query, pgvector's largest. The search bench's workspaces (up to 30,000 chunks of
 * a few topics each) need it: with semantic search reading the walk past this first batch
 * (retrieveSql), recall@10 is 0.996 (min 0.8) over 200 queries; at 600, 0.992 (min 0.7).
 */
export const HNSW_EF_SEARCH = 1000;

function filters(o: RetrieveOptions): SQL {
  return sql`c.tenant_id = ${o.tenantId} and ${documentFilters(o)}`;
}

/** The documents a search may answer from (completed, and the query's filters), as conditions on `d`. */
function documentFilters(o: RetrieveOptions): SQL {
  return sql.join([sql`d.tenant_id = ${o.tenantId}`, sql`d.status = 'completed'`, ...queryFilters(o)], sql` and `);
}

/** The query's own filters (document, kind, date), as conditions on `d`; none for an unfiltered search. */
function queryFilters(o: RetrieveOptions): SQL[] {
  const parts: SQL[] = [];
  if (o.documentIds?.length) parts.push(sql`d.id in ${o.documentIds}`);
  if (o.kinds?.length) parts.push(sql`d.mime_type in ${o.kinds.map((k) => MIME_TYPES[k])}`);
  if (o.from) parts.push(sql`d.created_at >= ${o.from.toISOString()}::timestamptz`);
  if (o.to) parts.push(sql`d.created_at <= ${o.to.toISOString()}::timestamptz`);
  return parts;
}

/** A tsquery matching any of the phrases (or words): `phraseto_tsquery` each, OR-ed. */
function anyPhrase(config: SQL, phrases: string[]): SQL {
  return sql.join(
    phrases.map((p) => sql`phraseto_tsquery(${config}, ${p})`),
    sql` || `,
  );
}

/** +requirements and -exclusions as chunk conditions; one of only stop words requires nothing. */
function clauseConditions(o: RetrieveOptions, config: SQL): SQL {
  const parts: SQL[] = o.query.required.map((p) => sql` and (numnode(phraseto_tsquery(${config}, ${p})) = 0 or c.tsv @@ phraseto_tsquery(${config}, ${p}))`);
  if (o.query.excluded.length) parts.push(sql` and not (c.tsv @@ (${anyPhrase(config, o.query.excluded)}))`);
  return sql.join(parts, sql``);
}

/** A lexeme as tsquery input wants it: in quotes, with quotes and backslashes doubled. */
function quoted(lexeme: SQL): SQL {
  return sql`('''' || replace(replace(${lexeme}, '\\', '\\\\'), '''', '''''') || '''')`;
}

/** An OR tsquery of a terms table's lexemes. */
function anyLexeme(terms: string): SQL {
  return sql`(select string_agg(${quoted(sql`lexeme`)}, ' | ') from ${sql.raw(terms)})::tsquery`;
}

/**
 * `content` whole, with every word of `query` between the highlight markers by the snippets' rules:
 * the query's terms as one OR tsquery of their lexemes, marked by ts_headline (HighlightAll).
 */
export function highlightAllSql(textConfig: string, query: string, content: SQL | AnyColumn): SQL<string | null> {
  const config = sql`${textConfig}::regconfig`;
  const terms = parseQuery(query).terms.join(" ");
  const tsquery = sql`coalesce((select string_agg(${quoted(sql`t.lexeme`)}, ' | ') from unnest(tsvector_to_array(to_tsvector(${config}, ${terms}))) as t(lexeme))::tsquery, ''::tsquery)`;
  return sql<string | null>`ts_headline(${config}, ${content}, ${tsquery}, ${`HighlightAll=true, StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}`})`;
}

/** BM25's length normalisation of chunk `c`: k1 (1 - b + b len / avglen). */
function lengthNorm(o: RetrieveOptions, c: string): SQL {
  const { k1, b } = o.ranking;
  return sql`${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * ${sql.raw(c)}.lexeme_count / (select avgdl from corpus))`;
}

/**
 * BM25 of every chunk that matches one of `terms`' lexemes (found through the GIN index), from the
 * chunk's own tsvector (term frequencies) and length and the workspace's corpus statistics:
 * sum over terms of weight * idf * tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen)). A chunk that
 * contains a quoted phrase scores the phrase's terms once more, as if it were one more term (tf 1).
 * The tsqueries are computed in the statement, so the planner cannot cost the GIN index for them;
 * prepareRetrieval turns sequential scans off so that it still starts there (and under row level
 * security only because `@@` is marked leakproof: migration 0022).
 *
 * Only the best `keep` scores must be right (hybrid scores its semantic-only pool members on their
 * own: ft_rest), so the common terms are skipped where they cannot matter (MaxScore): a term adds
 * at most weight * idf * (k1 + 1) to a chunk. A seed of at most SEED_CHUNKS chunks that match the
 * rarest terms (as many as it takes for `keep` matches), scored in full, gives a score the
 * `keep`-th best cannot be below; the cheapest terms whose bounds sum to less than that cannot lift
 * a chunk that has none of the others into the top, so only chunks with one of the others are
 * scored. The top `keep` is exactly the unpruned one; a query of common words only keeps every
 * term. (A phrase's bonus has no such bound here: with a phrase, every term counts. The bound is
 * taken a shade low, so that rounding can only keep a term.)
 */
function bm25Cte(name: string, terms: string, o: RetrieveOptions, keep: number): SQL {
  const config = sql`${o.textConfig}::regconfig`;
  const t = sql.raw(terms);
  const self = sql.raw(name);
  const phraseCte = o.query.phrases.length
    ? sql`${t}_phrases as (
        select phraseto_tsquery(${config}, p.text) as tsq,
               (select coalesce(sum(t.weight * t.idf), 0) from ${t} t where t.lexeme = any(tsvector_to_array(to_tsvector(${config}, p.text)))) as weight
        from (values ${sql.join(o.query.phrases.map((p) => sql`(${p})`), sql`, `)}) p(text)
      ),`
    : sql``;
  const matching = o.query.phrases.length
    ? sql`(select any_q from ${t}_q)`
    : sql`(select string_agg(${quoted(sql`lexeme`)}, ' | ')::tsquery from ${self}_essential)`;
  const pruning = o.query.phrases.length
    ? sql``
    : sql`${self}_seed_candidates as materialized (
        ${bm25Candidates(
          o,
          sql`c.tsv @@ (select string_agg(${quoted(sql`lexeme`)}, ' | ')::tsquery from (
            select lexeme, sum(df) over (order by idf desc, lexeme) - df as rarer from ${t}) r where rarer < ${keep})`,
        )} limit ${SEED_CHUNKS}
      ),
      ${self}_seed as (${bm25Scored(`${name}_seed_candidates`, terms, o)}),
      ${self}_essential as (
        select lexeme from (
          select lexeme, sum(weight * idf) over (order by weight * idf, lexeme) * (${o.ranking.k1}::float8 + 1) as bound from ${t}
        ) b
        where bound >= 0.999999 * coalesce((select score from ${self}_seed order by score desc offset ${keep - 1} limit 1), 0)
      ),`;
  // Candidates first, from the GIN index alone, so the plan cannot start from documents.
  return sql`${t}_q as (select ${anyLexeme(terms)} as any_q, array(select lexeme from ${t}) as lexemes),
    ${phraseCte}
    ${pruning}
    ${self}_candidates as materialized (${bm25Candidates(o, sql`c.tsv @@ ${matching}`)}),
    ${self} as (${bm25Scored(`${name}_candidates`, terms, o)})`;
}

/** Chunks of the workspace meeting `match` and the query's +requirements and -exclusions. */
function bm25Candidates(o: RetrieveOptions, match: SQL): SQL {
  return sql`select c.id, c.document_id, c.tenant_id, c.tsv, c.lexeme_count from chunks c
      where c.tenant_id = ${o.tenantId} and ${match} ${clauseConditions(o, sql`${o.textConfig}::regconfig`)}`;
}

/**
 * The BM25 score (id, score) of each chunk in the CTE `candidates` whose document passes the
 * filters. The documents go in as an IN list, which PostgreSQL hashes once: a join would be planned
 * from the candidates' estimate (one row, as it cannot see into the tsquery) as a scan of documents
 * per candidate, 72 ms for 1,000 candidates in the search bench.
 */
function bm25Scored(candidates: string, terms: string, o: RetrieveOptions): SQL {
  const { k1 } = o.ranking;
  const t = sql.raw(terms);
  const phrases = o.query.phrases.length
    ? sql` + (select coalesce(sum(p.weight), 0) from ${t}_phrases p where s.tsv @@ p.tsq) * (${k1}::float8 + 1) / (1 + ${lengthNorm(o, "s")})`
    : sql``;
  return sql`select s.id, s.score${phrases} as score from (
        select c.id, c.tsv, c.lexeme_count,
               sum(t.weight * t.idf * (cardinality(u.positions) * (${k1}::float8 + 1)) / (cardinality(u.positions) + ${lengthNorm(o, "c")})) as score
        from ${sql.raw(candidates)} c,
             lateral unnest(ts_filter(setweight(c.tsv, 'A', (select lexemes from ${t}_q)), '{a}')) u, ${t} t
        where c.document_id in (select d.id from documents d where ${documentFilters(o)}) and t.lexeme = u.lexeme
        group by c.id, c.tsv, c.lexeme_count
      ) s`;
}

/** Each lexeme's document frequency and idf in the workspace, by primary key lookups; lexemes no chunk contains are left out. */
function withIdf(o: RetrieveOptions, source: SQL): SQL {
  return sql`select lexeme, weight, df, ln(1 + (n - df + 0.5) / (df + 0.5)) as idf from (
        select q.lexeme, q.weight, corpus.n, (select chunks from chunk_lexeme_stats where tenant_id = ${o.tenantId} and lexeme = q.lexeme) as df
        from (${source}) q, corpus
      ) known where df is not null`;
}

/**
 * RM3 pseudo-relevance feedback: the top passages of the first pass vote for their terms
 * (tf / length, weighted by the passage's share of the pass's score); the best terms join the
 * original query, which keeps `PRF.originalWeight` of the mixture.
 */
function feedbackCte(o: RetrieveOptions): SQL {
  return sql`fb as (select id, score from ft_first order by score desc, id limit ${PRF.passages}),
    fb_terms as (
      select u.lexeme, sum(cardinality(u.positions)::float8 / greatest(c.lexeme_count, 1) * fb.score / nullif(total.score, 0)) as w
      from fb join chunks c on c.id = fb.id and c.tenant_id = ${o.tenantId}, (select sum(score) as score from fb) total, unnest(c.tsv) u
      group by u.lexeme
    ),
    expansion as (select lexeme, w from fb_terms where w > 0 order by w desc, lexeme limit ${PRF.terms}),
    terms as (${withIdf(
      o,
      sql`select lexeme, sum(w) as weight from (
            select lexeme, ${PRF.originalWeight}::float8 * weight / sum(weight) over () as w from first_terms
            union all
            select lexeme, ${1 - PRF.originalWeight}::float8 * w / sum(w) over () from expansion) m
          group by lexeme`,
    )})`;
}

/**
 * The query's and each pooled chunk's concept vectors (lib/search/concepts): the offline embedder's
 * hashed words know no synonyms, and a model fitted to the workspace's own co-occurrences gives
 * hybrid a semantic part that adds to BM25 (README, quality). A pooled chunk's vector is the one the
 * worker folded in (chunk_concepts) under the current model; one it has not reached yet is folded in
 * here from its lexemes, reading only the concepts of lexemes such chunks or the query hold.
 */
function conceptCtes(o: RetrieveOptions, queryTerms: string): SQL {
  const terms = sql.raw(queryTerms);
  const model = sql`(select version from concept_models where tenant_id = ${o.tenantId} and dimensions > 0)`;
  // One primary key lookup per pooled chunk (lateral, `limit 1`), whatever the table's statistics say.
  return sql`pool_folded as materialized (
      select p.id, cc.concept as v from pool p
        cross join lateral (select version, concept from chunk_concepts where tenant_id = ${o.tenantId} and chunk_id = p.id limit 1) cc
      where cc.version = ${model}
    ),
    pool_lexemes as materialized (
      select p.id, u.lexeme, coalesce(cardinality(u.positions), 1) as tf
      from pool p join chunks c on c.id = p.id and c.tenant_id = ${o.tenantId} cross join lateral unnest(c.tsv) u
      where p.id not in (select id from pool_folded)
    ),
    ct as materialized (
      select t.lexeme, t.concept from concept_terms t
      where t.tenant_id = ${o.tenantId}
        and t.version = ${model}
        and t.lexeme = any(array(select lexeme from pool_lexemes union select lexeme from ${terms}))
    ),
    qc as (select sum(${weightedConcept(sql`ct.concept`, sql`q.weight`)}) as v from ${terms} q join ct on ct.lexeme = q.lexeme),
    pc as (
      select id, v from pool_folded
      union all
      select pl.id, sum(${weightedConcept(sql`ct.concept`, sql`pl.tf`)}) from pool_lexemes pl join ct on ct.lexeme = pl.lexeme group by pl.id
    ),`;
}

/**
 * Semantic (pgvector cosine on the HNSW index), full-text (BM25 over the GIN index's candidates,
 * with optional RM3 feedback) or hybrid (a convex combination of both scores, min-max normalised
 * per query over the union of both candidate lists, or reciprocal rank fusion) in one statement,
 * with the snippet and every part of the explanation. Run it inside withTenant after
 * `prepareRetrieval`.
 */
export function retrieve(tx: Executor, o: RetrieveOptions): Promise<RetrievedRow[]> {
  return queryRows<RetrievedRow>(tx, retrieveSql(o));
}

/** The statement `retrieve` runs, e.g. for EXPLAIN in the benchmark. */
export function retrieveSql(o: RetrieveOptions): SQL {
  const vector = sql`${JSON.stringify(o.vector)}::vector`;
  const config = sql`${o.textConfig}::regconfig`;
  const n = candidateCount(o.topK);
  const semantic = o.mode !== "fulltext";
  const fulltext = o.mode !== "semantic";
  const feedback = fulltext && o.ranking.prf;
  const hybridPool = fulltext && semantic;
  // Full-text alone answers with its top k; hybrid pools full-text's top n.
  const ftKeep = o.mode === "fulltext" ? o.topK : n;
  const termsText = o.query.terms.join(" ");

  const common = sql`corpus as (
      select coalesce(max(chunks), 0)::float8 as n, coalesce(max(lexemes)::float8 / nullif(max(chunks), 0), 1) as avgdl
      from chunk_corpus_stats where tenant_id = ${o.tenantId}
    ),
    ${sql.raw(feedback ? "first_terms" : "terms")} as (${withIdf(
      o,
      sql`select u.lexeme, sum(coalesce(cardinality(u.positions), 1))::float8 as weight from unnest(to_tsvector(${config}, ${termsText})) u group by u.lexeme`,
    )}),
    hq as (select ${anyLexeme(feedback ? "first_terms" : "terms")} as any_q)`;
  const ftCtes = !fulltext
    ? sql`ft_all as (select null::uuid as id, null::float8 as score where false)`
    : feedback
      ? sql`${bm25Cte("ft_first", "first_terms", o, PRF.passages)}, ${feedbackCte(o)}, ${bm25Cte("ft_all", "terms", o, ftKeep)}`
      : bm25Cte("ft_all", "terms", o, ftKeep);
  // Semantic search reads the graph walk past its first batch (HNSW_EF_SEARCH chunks, nearest
  // first): pgvector's iterative scan (relaxed_order) walks on, and its next batch can hold chunks
  // nearer than the first's last ones (in the search bench, the exact top 10's missing chunks of
  // the worst queries came at places 1,000-1,002), so n more are read and the nearest n kept. Hybrid
  // only pools the first n for its concept model to rank. A search filtered by document, kind or
  // date reads n too: the walk skips the chunks the filter refuses, and asking it for 1,050 that
  // pass would walk far more of the graph (up to hnsw.max_scan_tuples). `distance + 0`, as
  // pgvector's documentation has it: ordered by `distance` itself, the planner takes the index's
  // order as given and stops reading at n + 1 (an incremental sort). Chunks the worker has not
  // linked into the graph yet (lib/search/vector-links) are read exactly beside the walk, through
  // the partial index that holds only them.
  const walk = o.mode === "semantic" && queryFilters(o).length === 0 ? HNSW_EF_SEARCH + n : n;
  const waiting =
    o.vectorsWaiting === false
      ? sql``
      : sql`union all
            select c.id, c.pending_embedding <=> ${vector}
            from chunks c join documents d on d.id = c.document_id
            where ${filters(o)} and c.embedding_model = ${o.model} and c.pending_embedding is not null`;
  const semCte = semantic
    ? sql`sem as (
        select id, distance, row_number() over (order by distance, id) as rank from (
          select id, distance from (
            (select c.id, c.embedding <=> ${vector} as distance
             from chunks c join documents d on d.id = c.document_id
             where ${filters(o)} and c.embedding_model = ${o.model} and c.embedding is not null
             order by c.embedding <=> ${vector}
             limit ${walk})
            ${waiting}) walked
          order by distance + 0, id limit ${n}) nearest
      )`
    : sql`sem as (select null::uuid as id, null::float8 as distance, null::bigint as rank where false)`;
  const concepts = o.concepts && o.mode === "hybrid";
  const semanticDistance = concepts ? "concept_distance" : "distance";
  const { alpha } = o.ranking;
  const fusedScore =
    o.ranking.fusion === "rrf"
      ? sql`coalesce(1.0 / (${RRF_K} + sem_rank), 0) + coalesce(1.0 / (${RRF_K} + ft_rank), 0)`
      : sql`${alpha}::float8 * coalesce(sem_norm, 0) + ${1 - alpha}::float8 * coalesce(ft_norm, 0)`;
  const score = o.mode === "semantic" ? sql`1 - f.distance` : o.mode === "fulltext" ? sql`f.ft_score` : sql`f.fused`;
  const options = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

  return sql`with ${common},
      ${ftCtes},
      ft as (select id, score, row_number() over (order by score desc, id) as rank from ft_all order by score desc, id limit ${n}),
      ${semCte},
      pool as (select id from ft union select id from sem),
      ft_pool as (select id, score from ft_all where id in (select id from pool)),
      ${
        // Pooled semantic hits that full-text pruned away still get their BM25 score (bm25Cte).
        hybridPool
          ? sql`ft_rest_candidates as materialized (${bm25Candidates(o, sql`c.id in (select id from pool except select id from ft_all) and c.tsv @@ (select any_q from terms_q)`)}),
      ft_rest as (${bm25Scored("ft_rest_candidates", "terms", o)}),`
          : sql`ft_rest as (select null::uuid as id, null::float8 as score where false),`
      }
      ${concepts ? conceptCtes(o, feedback ? "first_terms" : "terms") : sql``}
      parts as (
        select p.id, sem.rank as sem_rank, ft.rank as ft_rank, coalesce(fa.score, fr.score, 0) as ft_score,
               case when c.embedding_model = ${o.model} then coalesce(c.embedding, c.pending_embedding) <=> ${vector} end as distance,
               ${concepts ? sql`pc.v <=> (select v from qc)` : sql`null::float8`} as concept_distance
        from pool p join chunks c on c.id = p.id and c.tenant_id = ${o.tenantId}
          left join sem on sem.id = p.id left join ft on ft.id = p.id left join ft_pool fa on fa.id = p.id left join ft_rest fr on fr.id = p.id
          ${concepts ? sql`left join pc on pc.id = p.id` : sql``}
      ),
      normalised as (
        select parts.*,
               (ft_score - min(ft_score) over ()) / nullif(max(ft_score) over () - min(ft_score) over (), 0) as ft_norm,
               (max(${sql.raw(semanticDistance)}) over () - ${sql.raw(semanticDistance)}) /
                 nullif(max(${sql.raw(semanticDistance)}) over () - min(${sql.raw(semanticDistance)}) over (), 0) as sem_norm
        from parts
      ),
      f as (select normalised.*, ${fusedScore} as fused from normalised),
      top as (
        select f.* from f
        where ${o.mode === "semantic" ? sql`f.sem_rank is not null` : o.mode === "fulltext" ? sql`f.ft_rank is not null` : sql`true`}
        -- On a tie (min-max puts each list's best at 1) the better place in either list goes first.
        order by ${score} desc, least(f.sem_rank, f.ft_rank) nulls last, f.id limit ${o.topK}
      )
      select c.id, c.document_id, c.ordinal, c.metadata, d.filename, d.mime_type,
             ts_headline(${config}, c.content, coalesce(hq.any_q, ''::tsquery), ${options}) as snippet,
             f.distance::float8 as distance, (1 - f.concept_distance)::float8 as concept_similarity, f.sem_rank::int as sem_rank, f.ft_rank::int as ft_rank,
             ${fulltext ? sql`f.ft_score::float8` : sql`null::float8`} as ft_score,
             ${o.mode === "hybrid" ? sql`f.sem_norm::float8` : sql`null::float8`} as sem_norm,
             ${o.mode === "hybrid" ? sql`f.ft_norm::float8` : sql`null::float8`} as ft_norm,
             ${o.mode === "hybrid" ? sql`f.fused::float8` : sql`null::float8`} as fused,
             coalesce(c.tsv @@ hq.any_q, false) as matched_fulltext,
             ${
               fulltext
                 ? sql`(select jsonb_agg(jsonb_build_object('term', t.lexeme, 'idf', t.idf, 'tf', cardinality(u.positions), 'weight', t.weight,
                     'contribution', t.weight * t.idf * (cardinality(u.positions) * (${o.ranking.k1}::float8 + 1)) /
                       (cardinality(u.positions) + ${lengthNorm(o, "c")}))
                     order by t.lexeme)
                   from unnest(ts_filter(setweight(c.tsv, 'A', tq.lexemes), '{a}')) u join terms t on t.lexeme = u.lexeme)`
                 : sql`null::jsonb`
             } as terms,
             (${score})::float8 as score
      from top f join chunks c on c.id = f.id and c.tenant_id = ${o.tenantId} join documents d on d.id = c.document_id, hq${fulltext ? sql`, terms_q tq` : sql``}
      order by score desc, least(f.sem_rank, f.ft_rank) nulls last, c.id`;
}

/**
 * Planner settings for the retrieval statement, for the rest of this transaction, from the
 * workspace's size (its BM25 statistics count its chunks). No sequential scans: the full-text
 * candidates' tsquery is computed in the statement, so the planner cannot estimate the GIN index
 * and read a 30,000-chunk partition whole instead (52 and 112 ms in the search bench's plan, for
 * 308 and 625 matches). From GRAPH_FROM_CHUNKS chunks on, no explicit sorts either, so vector search
 * walks the workspace's graph: the planner's estimate lost it to an exact scan and a sort up to
 * 15,000 chunks (100-330 ms); the statement's other sorts are needed by every plan alike. pgvector's
 * iterative scan keeps walking the graph when the filters (documents completed, the embedding
 * model) remove candidates. Says whether any of the workspace's chunks wait for the graph: the
 * exact pass over them cost semantic search ~1 ms at p95 in the search bench even when empty.
 */
export async function prepareRetrieval(tx: Executor, tenantId: string): Promise<{ vectorsWaiting: boolean }> {
  const [row] = await queryRows<{ waiting: boolean }>(
    tx,
    sql`select set_config('hnsw.ef_search', ${String(HNSW_EF_SEARCH)}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
               set_config('enable_seqscan', 'off', true),
               set_config('enable_sort', case when coalesce((select chunks from chunk_corpus_stats where tenant_id = ${tenantId}), 0) >= ${GRAPH_FROM_CHUNKS} then 'off' else 'on' end, true),
               exists (select 1 from chunks where tenant_id = ${tenantId} and pending_embedding is not null) as waiting`,
  );
  return { vectorsWaiting: row!.waiting };
}
