-- A new chunk's vector waits in pending_embedding until the idle worker links it into the HNSW
-- graph (lib/search/vector-links.ts): pgvector's upkeep of the graph costs the embedded engine
-- ~5 ms a chunk, three quarters of an upload's write. Search reads pending chunks exactly until then
-- (retrieve.ts), through the partial index below, which holds only them. Existing chunks stay linked.
ALTER TABLE "chunks" ADD COLUMN "pending_embedding" vector(384);--> statement-breakpoint
ALTER TABLE "chunks" ALTER COLUMN "pending_embedding" SET STORAGE MAIN;--> statement-breakpoint
CREATE INDEX "chunks_pending_embedding_idx" ON "chunks" USING btree ("document_id") WHERE "chunks"."pending_embedding" is not null;--> statement-breakpoint
-- An insert may bring its tsvector and word count, made from the same content and configuration by
-- the text analysis thread's own PGlite (lib/ingest/text-analysis.ts), so the engine every request
-- shares does not spend ~0.6 ms a chunk analysing and counting; an update of content or configuration
-- always re-analyses, and a row that brings no count (0) is counted.
CREATE OR REPLACE FUNCTION chunks_index_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR NEW.tsv IS NULL THEN
    NEW.tsv := to_tsvector(NEW.text_config, NEW.content);
    NEW.lexeme_count := tsvector_word_count(NEW.tsv);
  ELSIF NEW.lexeme_count = 0 THEN
    NEW.lexeme_count := tsvector_word_count(NEW.tsv);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- The statistics of an insert straight from its transition table: packing every new row whole
-- (text, tsvector, vector) into an array for chunk_stats_add cost ~0.14 ms a chunk.
CREATE OR REPLACE FUNCTION chunks_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO chunk_corpus_stats AS s (tenant_id, chunks, lexemes)
    SELECT r.tenant_id, count(*), sum(r.lexeme_count) FROM new_rows r GROUP BY r.tenant_id ORDER BY r.tenant_id
    ON CONFLICT (tenant_id) DO UPDATE SET chunks = s.chunks + excluded.chunks, lexemes = s.lexemes + excluded.lexemes;
  INSERT INTO chunk_lexeme_stats AS s (tenant_id, lexeme, chunks)
    SELECT r.tenant_id, u.lexeme, count(*) FROM new_rows r, unnest(r.tsv) u GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (tenant_id, lexeme) DO UPDATE SET chunks = s.chunks + excluded.chunks;
  RETURN NULL;
END $$;
