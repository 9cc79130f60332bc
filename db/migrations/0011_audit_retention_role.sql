-- The retention job's own path to expired audit entries: a role that may read, append to and
-- delete from audit_log and nothing else, used only by the retention service (SET LOCAL ROLE). The
-- append-only trigger still refuses its DELETE unless the transaction raised app.audit_purge.
-- tkc_app and tkc_system keep no UPDATE or DELETE on audit_log.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tkc_retention') THEN
    CREATE ROLE tkc_retention NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  EXECUTE format('GRANT tkc_retention TO %I', current_user);
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tkc_retention;
--> statement-breakpoint
-- INSERT: the cleanup writes its own audit entry in its last batch's transaction.
GRANT SELECT, INSERT, DELETE ON audit_log TO tkc_retention;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_log_id_seq TO tkc_retention;
--> statement-breakpoint
CREATE POLICY retention_purge ON audit_log AS PERMISSIVE FOR ALL TO tkc_retention USING (true);
