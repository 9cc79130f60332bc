-- chunks becomes a table list-partitioned by tenant: one partition per workspace, so each workspace
-- has its own HNSW graph and a vector search walks only its own chunks (#16). With one graph for all
-- workspaces, pgvector's filtered walk visited mostly other workspaces' chunks: a small workspace got
-- an exact scan the planner chose, or a walk that missed (recall 0 on some queries).
-- The partition key must be part of every unique key; it comes last, so that lookups by id, and
-- the foreign key's cascade by document, still use them.
-- The BM25 statistics functions take chunks[]; they are bound to the old table's row type, so they
-- are dropped with it and made again for the new one. The statistics rows themselves stay.
DROP TRIGGER chunks_stats_insert ON chunks;
--> statement-breakpoint
DROP TRIGGER chunks_stats_delete ON chunks;
--> statement-breakpoint
DROP TRIGGER chunks_stats_update ON chunks;
--> statement-breakpoint
DROP TRIGGER chunks_index_text ON chunks;
--> statement-breakpoint
DROP FUNCTION chunk_stats_add(chunks[]);
--> statement-breakpoint
DROP FUNCTION chunk_stats_remove(chunks[]);
--> statement-breakpoint
ALTER TABLE chunks RENAME TO chunks_unpartitioned;
--> statement-breakpoint
ALTER TABLE chunks_unpartitioned RENAME CONSTRAINT chunks_pkey TO chunks_unpartitioned_pkey;
--> statement-breakpoint
ALTER TABLE chunks_unpartitioned RENAME CONSTRAINT "chunks_documentId_ordinal_unique" TO chunks_unpartitioned_document_ordinal;
--> statement-breakpoint
ALTER INDEX chunks_tenant_id_index RENAME TO chunks_unpartitioned_tenant_id;
--> statement-breakpoint
ALTER INDEX chunks_embedding_hnsw_idx RENAME TO chunks_unpartitioned_hnsw;
--> statement-breakpoint
ALTER INDEX chunks_tsv_gin_idx RENAME TO chunks_unpartitioned_gin;
--> statement-breakpoint
CREATE TABLE "chunks" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"content" text NOT NULL,
	"token_count" integer NOT NULL,
	"embedding" vector(384),
	"embedding_model" text,
	"tsv" "tsvector",
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"text_config" "regconfig" DEFAULT 'english'::regconfig NOT NULL,
	"lexeme_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chunks_id_tenant_id_pk" PRIMARY KEY("id","tenant_id"),
	CONSTRAINT "chunks_documentId_ordinal_tenantId_unique" UNIQUE("document_id","ordinal","tenant_id")
) PARTITION BY LIST ("tenant_id");
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Declared on the parent, so every partition gets its own: the HNSW graph per workspace and the GIN
-- index of the full-text search. (The old index on tenant_id alone has nothing to do in a partition.)
CREATE INDEX "chunks_embedding_hnsw_idx" ON "chunks" USING hnsw ("embedding" vector_cosine_ops) WITH (m=16,ef_construction=64);
--> statement-breakpoint
CREATE INDEX "chunks_tsv_gin_idx" ON "chunks" USING gin ("tsv");
--> statement-breakpoint
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chunks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON chunks AS PERMISSIVE FOR ALL TO tkc_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY system_access ON chunks AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON chunks TO tkc_app, tkc_system;
--> statement-breakpoint
-- A workspace's partition, made when the workspace is. A partition can be named directly, where the
-- parent's policies do not apply, so each one carries the same forced row level security. SECURITY
-- DEFINER: the application roles may create workspaces but not tables.
CREATE FUNCTION chunk_partition_name(p_tenant uuid) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'chunks_' || replace(p_tenant::text, '-', '')
$$;
--> statement-breakpoint
CREATE FUNCTION create_chunk_partition(p_tenant uuid) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  t text := chunk_partition_name(p_tenant);
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF chunks FOR VALUES IN (%L)', t, p_tenant);
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t::regclass) THEN
    EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
      'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
      'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    EXECUTE format('CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
  END IF;
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tkc_app, tkc_system', t);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION create_chunk_partition(uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION tenants_create_chunk_partition() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  PERFORM create_chunk_partition(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- At commit (a deferred trigger): the foreign keys' cascades have deleted the partition's rows, and
-- the statistics trigger has read them, by then; dropping it in the deleting statement itself would
-- pull the table from under that trigger.
CREATE FUNCTION tenants_drop_chunk_partition() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I', chunk_partition_name(OLD.id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenants_create_chunk_partition AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_create_chunk_partition();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tenants_drop_chunk_partition AFTER DELETE ON tenants DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tenants_drop_chunk_partition();
--> statement-breakpoint
SELECT create_chunk_partition(id) FROM tenants;
--> statement-breakpoint
-- The rows move as they are (tsv and lexeme_count included): the triggers come after the copy, so
-- nothing is indexed twice and the statistics, already counted, are not counted again.
SET ROLE tkc_system;
--> statement-breakpoint
INSERT INTO chunks (id, document_id, tenant_id, ordinal, content, token_count, embedding, embedding_model, tsv, metadata, created_at, text_config, lexeme_count)
  SELECT id, document_id, tenant_id, ordinal, content, token_count, embedding, embedding_model, tsv, metadata, created_at, text_config, lexeme_count
  FROM chunks_unpartitioned;
--> statement-breakpoint
RESET ROLE;
--> statement-breakpoint
DROP TABLE chunks_unpartitioned;
--> statement-breakpoint
CREATE FUNCTION chunk_stats_add(p_rows chunks[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO chunk_corpus_stats AS s (tenant_id, chunks, lexemes)
    SELECT r.tenant_id, count(*), sum(r.lexeme_count) FROM unnest(p_rows) r GROUP BY r.tenant_id ORDER BY r.tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET chunks = s.chunks + excluded.chunks, lexemes = s.lexemes + excluded.lexemes;
  INSERT INTO chunk_lexeme_stats AS s (tenant_id, lexeme, chunks)
    SELECT r.tenant_id, u.lexeme, count(*) FROM unnest(p_rows) r, unnest(r.tsv) u GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tenant_id, lexeme) DO UPDATE SET chunks = s.chunks + excluded.chunks;
$$;
--> statement-breakpoint
CREATE FUNCTION chunk_stats_remove(p_rows chunks[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  gone_tenants uuid[];
  gone_lexemes text[];
BEGIN
  PERFORM 1 FROM chunk_corpus_stats s WHERE s.tenant_id IN (SELECT r.tenant_id FROM unnest(p_rows) r) ORDER BY s.tenant_id FOR UPDATE;
  UPDATE chunk_corpus_stats s SET chunks = s.chunks - d.n, lexemes = s.lexemes - d.total
    FROM (SELECT r.tenant_id, count(*) AS n, sum(r.lexeme_count) AS total FROM unnest(p_rows) r GROUP BY 1) d
    WHERE s.tenant_id = d.tenant_id;
  DELETE FROM chunk_corpus_stats s WHERE s.chunks <= 0 AND s.tenant_id IN (SELECT r.tenant_id FROM unnest(p_rows) r);
  WITH d AS MATERIALIZED (SELECT r.tenant_id, u.lexeme, count(*)::integer AS n FROM unnest(p_rows) r, unnest(r.tsv) u GROUP BY 1, 2),
       l AS MATERIALIZED (SELECT s.tenant_id, s.lexeme FROM chunk_lexeme_stats s JOIN d USING (tenant_id, lexeme) ORDER BY 1, 2 FOR UPDATE OF s),
       u AS (UPDATE chunk_lexeme_stats s SET chunks = s.chunks - d.n FROM d JOIN l USING (tenant_id, lexeme)
             WHERE s.tenant_id = d.tenant_id AND s.lexeme = d.lexeme RETURNING s.tenant_id, s.lexeme, s.chunks)
  SELECT array_agg(u.tenant_id), array_agg(u.lexeme) INTO gone_tenants, gone_lexemes FROM u WHERE u.chunks <= 0;
  DELETE FROM chunk_lexeme_stats s USING unnest(gone_tenants, gone_lexemes) AS g(tenant_id, lexeme)
    WHERE s.tenant_id = g.tenant_id AND s.lexeme = g.lexeme;
END $$;
--> statement-breakpoint
CREATE TRIGGER chunks_index_text BEFORE INSERT OR UPDATE OF content, text_config ON chunks
  FOR EACH ROW EXECUTE FUNCTION chunks_index_text();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_insert();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_delete();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_update AFTER UPDATE ON chunks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_update();
--> statement-breakpoint
ANALYZE chunks;
