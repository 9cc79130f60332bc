ALTER TABLE "chunks" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "text_config" "regconfig" DEFAULT 'english'::regconfig NOT NULL;--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "lexeme_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- BM25 needs each chunk's length in indexed words and, per workspace, the number of chunks, their
-- total length and each lexeme's document frequency. tsv is no longer a generated column: a row
-- trigger indexes content with the chunk's own text search configuration and counts its words.
CREATE FUNCTION tsvector_word_count(v tsvector) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(coalesce(cardinality(u.positions), 1)), 0)::integer FROM unnest(v) u
$$;
--> statement-breakpoint
CREATE FUNCTION chunks_index_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv := to_tsvector(NEW.text_config, NEW.content);
  NEW.lexeme_count := tsvector_word_count(NEW.tsv);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER chunks_index_text BEFORE INSERT OR UPDATE OF content, text_config ON chunks
  FOR EACH ROW EXECUTE FUNCTION chunks_index_text();
--> statement-breakpoint
SET ROLE tkc_system;
--> statement-breakpoint
UPDATE chunks SET lexeme_count = tsvector_word_count(tsv);
--> statement-breakpoint
RESET ROLE;
--> statement-breakpoint
CREATE TABLE chunk_corpus_stats (
    tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    chunks bigint NOT NULL,
    lexemes bigint NOT NULL);
--> statement-breakpoint
CREATE TABLE chunk_lexeme_stats (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    lexeme text NOT NULL,
    chunks integer NOT NULL,
    PRIMARY KEY (tenant_id, lexeme));
--> statement-breakpoint
DO $$
  DECLARE t text;
  BEGIN
    FOREACH t IN ARRAY ARRAY['chunk_corpus_stats', 'chunk_lexeme_stats'] LOOP
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
        'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
      EXECUTE format('CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tkc_app, tkc_system', t);
    END LOOP;
  END $$;
--> statement-breakpoint
-- Increments are upserts in (tenant, lexeme) order and decrements lock in the same order first, so
-- concurrent writers queue on common lexemes instead of deadlocking. Decrements never insert: during
-- a workspace's deletion its statistics rows may already be gone.
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
CREATE FUNCTION chunks_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM chunk_stats_add(ARRAY(SELECT n::chunks FROM new_rows n));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION chunks_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM chunk_stats_remove(ARRAY(SELECT o::chunks FROM old_rows o));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Re-embedding updates every chunk: only rows whose indexed text changed touch the statistics.
CREATE FUNCTION chunks_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM chunk_stats_remove(ARRAY(SELECT o::chunks FROM old_rows o JOIN new_rows n USING (id) WHERE o.tsv IS DISTINCT FROM n.tsv OR o.lexeme_count <> n.lexeme_count OR o.tenant_id <> n.tenant_id));
  PERFORM chunk_stats_add(ARRAY(SELECT n::chunks FROM new_rows n JOIN old_rows o USING (id) WHERE o.tsv IS DISTINCT FROM n.tsv OR o.lexeme_count <> n.lexeme_count OR o.tenant_id <> n.tenant_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
SET ROLE tkc_system;
--> statement-breakpoint
SELECT chunk_stats_add(ARRAY(SELECT c FROM chunks c));
--> statement-breakpoint
RESET ROLE;
--> statement-breakpoint
CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_insert();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_delete();
--> statement-breakpoint
CREATE TRIGGER chunks_stats_update AFTER UPDATE ON chunks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_stats_update();
