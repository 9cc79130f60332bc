import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { queryRows } from "@/db/connect";
import type { ChunkMetadata, SearchMode } from "@/db/schema";
import { MIME_TYPES, type DocumentKind } from "@/lib/ingest/kinds";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";

export const RRF_K = 60;

export interface RetrieveOptions {
  tenantId: string;
  mode: SearchMode;
  text: string;
  vector: number[];
  model: string;
  topK: number;
  documentIds?: string[];
  kinds?: DocumentKind[];
  from?: Date;
  to?: Date;
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
  fused: number | null;
  matched_fulltext: boolean;
  score: number;
}

/** Candidates each retriever hands to the fusion: enough that a document strong in one still places. */
export function candidateCount(topK: number): number {
  return Math.min(200, Math.max(50, topK * 5));
}

/** HNSW breadth per query: grows with k; with the iterative scan it also carries tenant filters. */
export function efSearch(topK: number): number {
  return Math.min(1000, Math.max(100, topK * 10));
}

function filters(o: RetrieveOptions): SQL {
  const parts: SQL[] = [sql`c.tenant_id = ${o.tenantId}`, sql`d.status = 'completed'`];
  if (o.documentIds?.length) parts.push(sql`d.id in ${o.documentIds}`);
  if (o.kinds?.length) parts.push(sql`d.mime_type in ${o.kinds.map((k) => MIME_TYPES[k])}`);
  if (o.from) parts.push(sql`d.created_at >= ${o.from.toISOString()}::timestamptz`);
  if (o.to) parts.push(sql`d.created_at <= ${o.to.toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}

/**
 * Semantic (pgvector cosine on the HNSW index), full-text (websearch_to_tsquery + ts_rank_cd on the
 * GIN index) or hybrid (reciprocal rank fusion of both candidate lists) in one statement, with the
 * snippet and every part of the explanation. Run it inside withTenant after `prepareVectorSearch`.
 */
export function retrieve(tx: Executor, o: RetrieveOptions): Promise<RetrievedRow[]> {
  return queryRows<RetrievedRow>(tx, retrieveSql(o));
}

/** The statement `retrieve` runs, e.g. for EXPLAIN in the benchmark. */
export function retrieveSql(o: RetrieveOptions): SQL {
  const vector = sql`${JSON.stringify(o.vector)}::vector`;
  const n = candidateCount(o.topK);
  const where = filters(o);
  const semantic = o.mode !== "fulltext";
  const fulltext = o.mode !== "semantic";
  const semCte = semantic
    ? sql`sem_raw as (
        select c.id, c.embedding <=> ${vector} as distance
        from chunks c join documents d on d.id = c.document_id
        where ${where} and c.embedding_model = ${o.model}
        order by c.embedding <=> ${vector}
        limit ${n}
      ),
      sem as (select id, distance, row_number() over (order by distance) as rank from sem_raw)`
    : sql`sem as (select null::uuid as id, null::float8 as distance, null::bigint as rank where false)`;
  const ftCte = fulltext
    ? sql`ft_raw as (
        select c.id, ts_rank_cd(c.tsv, q.tsq) as score
        from chunks c join documents d on d.id = c.document_id, q
        where ${where} and c.tsv @@ q.tsq
        order by score desc
        limit ${n}
      ),
      ft as (select id, score, row_number() over (order by score desc, id) as rank from ft_raw)`
    : sql`ft as (select null::uuid as id, null::float4 as score, null::bigint as rank where false)`;
  const score =
    o.mode === "semantic" ? sql`1 - f.distance` : o.mode === "fulltext" ? sql`f.ft_score` : sql`f.fused`;
  const options = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

  // websearch_to_tsquery understands quotes and -exclusions but ANDs the words; a search box wants
  // any of them, ranked by how many match, so plain AND becomes OR ('simple': already stemmed).
  return sql`with q as (
        select coalesce(to_tsquery('simple', nullif(regexp_replace(websearch_to_tsquery('english', ${o.text})::text, ' & (?!!)', ' | ', 'g'), '')), ''::tsquery) as tsq
      ),
      ${semCte},
      ${ftCte},
      f as (
        select coalesce(sem.id, ft.id) as id, sem.distance, sem.rank as sem_rank, ft.score as ft_score, ft.rank as ft_rank,
               coalesce(1.0 / (${RRF_K} + sem.rank), 0) + coalesce(1.0 / (${RRF_K} + ft.rank), 0) as fused
        from sem full outer join ft on ft.id = sem.id
      )
      select c.id, c.document_id, c.ordinal, c.metadata, d.filename, d.mime_type,
             ts_headline('english', c.content, q.tsq, ${options}) as snippet,
             coalesce(f.distance, c.embedding <=> ${vector}) as distance,
             f.sem_rank::int as sem_rank, f.ft_rank::int as ft_rank, f.ft_score::float8 as ft_score,
             ${o.mode === "hybrid" ? sql`f.fused::float8` : sql`null::float8`} as fused,
             (c.tsv @@ q.tsq) as matched_fulltext,
             (${score})::float8 as score
      from f join chunks c on c.id = f.id join documents d on d.id = c.document_id, q
      order by score desc, c.id
      limit ${o.topK}`;
}

/**
 * Session settings for the vector index in this transaction: a wider HNSW search for larger k, and
 * pgvector's iterative scan, which keeps scanning when the tenant filter removes candidates.
 */
export async function prepareVectorSearch(tx: Executor, topK: number): Promise<void> {
  await queryRows(tx, sql`select set_config('hnsw.ef_search', ${String(efSearch(topK))}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
}
