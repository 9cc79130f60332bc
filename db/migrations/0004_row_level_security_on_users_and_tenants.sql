-- Users and tenants are not owned by a tenant, but the application role should still see only what
-- its tenant may: its own tenant row, and the users who are its members (or the acting user).
-- ENABLE without FORCE: sign-in lookups run on the owning connection, outside any tenant.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_self ON tenants AS PERMISSIVE FOR ALL TO tkc_app
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY system_access ON tenants AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- memberships is itself limited to the current tenant, so this shows that tenant's members only.
CREATE POLICY tenant_members ON users AS PERMISSIVE FOR SELECT TO tkc_app
  USING (
    id = nullif(current_setting('app.user_id', true), '')::uuid
    OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)
  );
--> statement-breakpoint
CREATE POLICY self_update ON users AS PERMISSIVE FOR UPDATE TO tkc_app
  USING (id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.user_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY system_access ON users AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);
--> statement-breakpoint
ALTER TABLE password_reset_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE password_reset_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON password_reset_tokens AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);
