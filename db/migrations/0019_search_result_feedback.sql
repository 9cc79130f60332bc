CREATE TABLE "search_result_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"chunk_id" uuid,
	"document_id" uuid,
	"rank" integer,
	"rating" "user_feedback" NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"run_created_at" timestamp with time zone NOT NULL,
	"mode" "search_mode" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_result_feedback_runId_documentId_chunkId_unique" UNIQUE NULLS NOT DISTINCT("run_id","document_id","chunk_id")
);
--> statement-breakpoint
ALTER TABLE "search_result_feedback" ADD CONSTRAINT "search_result_feedback_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_result_feedback" ADD CONSTRAINT "search_result_feedback_run_id_evaluation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."evaluation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_result_feedback" ADD CONSTRAINT "search_result_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_result_feedback" ADD CONSTRAINT "search_result_feedback_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_result_feedback_tenant_id_run_created_at_index" ON "search_result_feedback" USING btree ("tenant_id","run_created_at");--> statement-breakpoint
-- Tenant-owned: the same forced row level security as every other tenant table.
ALTER TABLE "search_result_feedback" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "search_result_feedback" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "search_result_feedback" AS PERMISSIVE FOR ALL TO tkc_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY system_access ON "search_result_feedback" AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "search_result_feedback" TO tkc_app, tkc_system;--> statement-breakpoint
-- Ratings given before per-result feedback rated the whole list: each becomes a row with no chunk,
-- document or rank, which reads as "the list" (thumbs_up: something in it helped; thumbs_down:
-- nothing did). evaluation_runs.user_feedback keeps its value, now the summary of a run's rows.
INSERT INTO "search_result_feedback" (tenant_id, run_id, rating, user_id, api_key_id, run_created_at, mode, created_at, updated_at)
SELECT tenant_id, id, user_feedback, user_id, api_key_id, created_at, mode, created_at, created_at
FROM evaluation_runs WHERE user_feedback IS NOT NULL;
