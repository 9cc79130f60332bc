-- A workspace's concept model (latent semantic analysis of its chunks, lib/search/concepts): one
-- vector per frequent lexeme, refitted by the worker as the workspace grows. A refit writes its
-- terms under a new version in short transactions, then switches the model row to it and drops the
-- old version, so searches never see a mix. Derived data: never exported, safe to drop.
CREATE TABLE concept_models (
    tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    version integer NOT NULL,
    text_config regconfig NOT NULL,
    dimensions integer NOT NULL,
    -- The workspace's chunks when fitted (the fit reads a sample of at most 20,000).
    chunks integer NOT NULL,
    fitted_at timestamptz NOT NULL DEFAULT now());
--> statement-breakpoint
CREATE TABLE concept_terms (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    version integer NOT NULL,
    lexeme text NOT NULL,
    concept vector NOT NULL,
    PRIMARY KEY (tenant_id, version, lexeme));
--> statement-breakpoint
DO $$
  DECLARE t text;
  BEGIN
    FOREACH t IN ARRAY ARRAY['concept_models', 'concept_terms'] LOOP
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
        'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
      EXECUTE format('CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tkc_app, tkc_system', t);
    END LOOP;
  END $$;
