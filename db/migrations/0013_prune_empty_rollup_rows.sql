-- A rollup row whose runs all went (retention, deletes, feedback moving a run elsewhere) used to stay
-- at runs = 0 for ever, so the rollup outgrew the runs it sums. Deletes and updates now remove the
-- rows they emptied, for the days they touched.
CREATE FUNCTION evaluation_run_rollup_prune(p_runs evaluation_runs[]) RETURNS void LANGUAGE sql AS $$
  WITH k AS (SELECT DISTINCT tenant_id, date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day FROM unnest(p_runs)),
  stats AS (DELETE FROM evaluation_run_stats x USING k WHERE x.tenant_id = k.tenant_id AND x.start >= k.day AND x.start < k.day + interval '1 day' AND x.runs = 0),
  latency AS (DELETE FROM evaluation_run_latency x USING k WHERE x.tenant_id = k.tenant_id AND x.start >= k.day AND x.start < k.day + interval '1 day' AND x.runs = 0),
  queries AS (DELETE FROM evaluation_run_queries x USING k WHERE x.tenant_id = k.tenant_id AND x.day = k.day AND x.runs = 0),
  documents AS (DELETE FROM evaluation_run_documents x USING k WHERE x.tenant_id = k.tenant_id AND x.day = k.day AND x.runs = 0)
  DELETE FROM evaluation_run_users x USING k WHERE x.tenant_id = k.tenant_id AND x.day = k.day AND x.runs = 0
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION evaluation_runs_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE gone evaluation_runs[] := ARRAY(SELECT o::evaluation_runs FROM old_rows o);
  BEGIN
    PERFORM evaluation_run_rollup_add(gone, -1);
    PERFORM evaluation_run_rollup_prune(gone);
    RETURN NULL;
  END $fn$;
--> statement-breakpoint
-- Only runs whose rolled-up columns changed (feedback, mostly) move between rollup rows.
CREATE OR REPLACE FUNCTION evaluation_runs_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE moved uuid[] := ARRAY(SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (n.tenant_id, n.created_at, n.mode, n.query, n.latency_ms, n.quality_score, n.user_feedback, n.sources, n.user_id)
      IS DISTINCT FROM (o.tenant_id, o.created_at, o.mode, o.query, o.latency_ms, o.quality_score, o.user_feedback, o.sources, o.user_id));
  DECLARE before evaluation_runs[] := ARRAY(SELECT o::evaluation_runs FROM old_rows o WHERE o.id = ANY(moved));
  BEGIN
    PERFORM evaluation_run_rollup_add(before, -1);
    PERFORM evaluation_run_rollup_prune(before);
    PERFORM evaluation_run_rollup_add(ARRAY(SELECT n::evaluation_runs FROM new_rows n WHERE n.id = ANY(moved)), 1);
    RETURN NULL;
  END $fn$;
--> statement-breakpoint
DELETE FROM evaluation_run_stats WHERE runs = 0;
--> statement-breakpoint
DELETE FROM evaluation_run_latency WHERE runs = 0;
--> statement-breakpoint
DELETE FROM evaluation_run_queries WHERE runs = 0;
--> statement-breakpoint
DELETE FROM evaluation_run_documents WHERE runs = 0;
--> statement-breakpoint
DELETE FROM evaluation_run_users WHERE runs = 0;
