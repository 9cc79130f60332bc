-- The evaluation tables are tenant-owned: the same forced row level security as every other one.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['evaluation_sets', 'evaluation_set_items', 'evaluation_set_results'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
      'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
      'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    EXECUTE format(
      'CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
  END LOOP;
END
$$;
