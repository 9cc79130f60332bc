-- A chunk's embedding (384 floats, 1.5 kB) used to be moved out of the row into the TOAST table
-- whenever the row passed 2 kB, which every chunk does with its text and tsvector: every distance
-- an exact scan or the fusion computes then costs a TOAST index lookup and a second heap read
-- (exact search over 8,000 chunks 88 ms with TOAST, 57 ms over 10,000 without, search bench data).
-- Rows now stay whole up to a page: partitions take toast_tuple_target 8160, and the embedding is
-- the last column to leave a row that is still too large (MAIN). Existing rows keep their layout
-- until they are written again; new workspaces get the setting from create_chunk_partition.
ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION create_chunk_partition(p_tenant uuid) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  t text := chunk_partition_name(p_tenant);
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF chunks FOR VALUES IN (%L) WITH (toast_tuple_target = 8160)', t, p_tenant);
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
DO $$
DECLARE
  p regclass;
BEGIN
  FOR p IN SELECT relid FROM pg_partition_tree('chunks') WHERE isleaf LOOP
    EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 8160)', p);
  END LOOP;
END $$;
