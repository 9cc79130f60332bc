-- Each chunk's concept vector under its workspace's current concept model (lib/search/concepts),
-- folded in by the idle worker in short batches, so hybrid search reads one row per pooled chunk
-- instead of folding in each chunk's ~60 lexemes while the user waits. A chunk without a row of the
-- current version is folded in at query time as before; `concept` is null for a chunk none of whose
-- lexemes the model knows. Derived data: never exported, safe to drop.
CREATE TABLE chunk_concepts (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    chunk_id uuid NOT NULL,
    version integer NOT NULL,
    concept vector,
    PRIMARY KEY (tenant_id, chunk_id));
--> statement-breakpoint
-- A chunk's vector goes with it. Not a foreign key to chunks: one would tie every chunk partition
-- to this table, and a deleted workspace's partition could no longer be dropped.
CREATE FUNCTION chunks_forget_concepts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM chunk_concepts cc USING old_rows o WHERE cc.tenant_id = o.tenant_id AND cc.chunk_id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER chunks_forget_concepts AFTER DELETE ON chunks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunks_forget_concepts();
--> statement-breakpoint
-- How many chunks of the workspace have a row of the model's version: the worker folds while this
-- differs from the workspace's chunk count (chunk_corpus_stats), then counts again.
ALTER TABLE concept_models ADD COLUMN folded integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE chunk_concepts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chunk_concepts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON chunk_concepts AS PERMISSIVE FOR ALL TO tkc_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY system_access ON chunk_concepts AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON chunk_concepts TO tkc_app, tkc_system;
