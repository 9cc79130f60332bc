-- Fixed-window counters for the /api/v1 rate limit and the sign-in throttles, kept in the database
-- so every server process counts against one limit and a restart forgets nothing. Each hit is one
-- upsert (lib/rate-limits/counter.ts); the retention job deletes rows whose window has ended.
-- Keys name no workspace: no row level security.
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"window_ends" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limits_window_ends_index" ON "rate_limits" USING btree ("window_ends");
--> statement-breakpoint
-- Default privileges grant this already when the migrating role made them; stated for a deployment
-- that migrates as another role.
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO tkc_app, tkc_system;
