-- Single sign-on (issue #18 item 3): per-workspace rules that give people signing in through the
-- identity provider a membership, and a switch that lets only SSO sessions open a workspace.
CREATE TYPE "public"."sso_rule_kind" AS ENUM('email_domain', 'group');--> statement-breakpoint
CREATE TABLE "sso_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" "sso_rule_kind" NOT NULL,
	"value" text NOT NULL,
	"role" "membership_role" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_rules_role_not_owner" CHECK ("sso_rules"."role" <> 'owner')
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "require_sso" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_rules" ADD CONSTRAINT "sso_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_rules" ADD CONSTRAINT "sso_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sso_rules_tenant_kind_value_key" ON "sso_rules" USING btree ("tenant_id","kind",lower("value"));--> statement-breakpoint
CREATE INDEX "sso_rules_kind_value_index" ON "sso_rules" USING btree ("kind",lower("value"));--> statement-breakpoint
ALTER TABLE "sso_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sso_rules" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "sso_rules" AS PERMISSIVE FOR ALL TO tkc_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY system_access ON "sso_rules" AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "sso_rules" TO tkc_app, tkc_system;
