-- Dashboard rollup: per tenant, hour/day and mode, the counts, quality histogram and latency
-- histogram of evaluation runs, plus per-day query, thumbs-down document and active-user rows.
-- The dashboard reads whole days and hours from here and only a window's ragged edges from
-- evaluation_runs (the *_in functions), so a 30-day range costs a few thousand rollup rows instead
-- of a million runs. Statement-level triggers keep it exact through inserts, feedback and deletes.
CREATE INDEX IF NOT EXISTS evaluation_runs_thumbs_down_idx ON evaluation_runs (tenant_id, quality_score ASC NULLS FIRST, created_at DESC)
    WHERE user_feedback = 'thumbs_down';
--> statement-breakpoint
CREATE TABLE evaluation_run_stats (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    span text NOT NULL CHECK (span IN ('hour', 'day')),
    start timestamptz NOT NULL,
    mode search_mode NOT NULL,
    runs integer NOT NULL, rated integer NOT NULL, thumbs_up integer NOT NULL, thumbs_down integer NOT NULL, zero_results integer NOT NULL,
    quality_runs integer NOT NULL, quality_sum double precision NOT NULL,
    quality_hist integer[] NOT NULL,
    PRIMARY KEY (tenant_id, span, start, mode));
--> statement-breakpoint
CREATE TABLE evaluation_run_latency (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    span text NOT NULL CHECK (span IN ('hour', 'day')),
    start timestamptz NOT NULL,
    mode search_mode NOT NULL,
    bucket smallint NOT NULL,
    runs integer NOT NULL,
    PRIMARY KEY (tenant_id, span, start, mode, bucket));
--> statement-breakpoint
CREATE TABLE evaluation_run_queries (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, mode search_mode NOT NULL, query text NOT NULL,
    runs integer NOT NULL, quality_runs integer NOT NULL, quality_sum double precision NOT NULL, thumbs_down integer NOT NULL,
    zero_runs integer NOT NULL, zero_quality_runs integer NOT NULL, zero_quality_sum double precision NOT NULL, zero_thumbs_down integer NOT NULL,
    last_at timestamptz, last_run_id uuid, last_zero_at timestamptz, last_zero_run_id uuid,
    PRIMARY KEY (tenant_id, day, mode, query));
--> statement-breakpoint
CREATE TABLE evaluation_run_documents (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, mode search_mode NOT NULL, document_id text NOT NULL,
    runs integer NOT NULL, last_at timestamptz, last_run_id uuid,
    PRIMARY KEY (tenant_id, day, mode, document_id));
--> statement-breakpoint
CREATE TABLE evaluation_run_users (
    tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    day timestamptz NOT NULL, user_id uuid NOT NULL, runs integer NOT NULL,
    PRIMARY KEY (tenant_id, day, user_id));
--> statement-breakpoint
DO $$
  DECLARE t text;
  BEGIN
    FOREACH t IN ARRAY ARRAY['evaluation_run_stats', 'evaluation_run_latency', 'evaluation_run_queries', 'evaluation_run_documents', 'evaluation_run_users'] LOOP
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
      EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tkc_app '
        'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
        'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
      EXECUTE format('CREATE POLICY system_access ON %I AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true)', t);
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tkc_app, tkc_system', t);
    END LOOP;
  END $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_latency_bucket(ms double precision) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN floor(ln(greatest(ms, 0.01)) / ln(1.1))::smallint;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_tiers(p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (day_from timestamptz, day_to timestamptz, h1_from timestamptz, h1_to timestamptz, h2_from timestamptz, h2_to timestamptz,
      raw_to timestamptz, raw_from timestamptz, day_raw_to timestamptz, day_raw_from timestamptz)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN use_days THEN df ELSE p_from END, CASE WHEN use_days THEN dt ELSE p_from END,
      CASE WHEN use_hours THEN hf ELSE p_from END, CASE WHEN use_days THEN df WHEN use_hours THEN ht ELSE p_from END,
      CASE WHEN use_days THEN dt ELSE p_from END, CASE WHEN use_days THEN ht ELSE p_from END,
      CASE WHEN use_hours THEN hf ELSE p_to END, CASE WHEN use_hours THEN ht ELSE p_to END,
      CASE WHEN df < dt THEN df ELSE p_to END, CASE WHEN df < dt THEN dt ELSE p_to END
    FROM (SELECT *, hf < ht AS use_hours, p_days AND df < dt AS use_days FROM (
      SELECT date_trunc('hour', (p_from AT TIME ZONE 'UTC') + interval '1 hour' - interval '1 microsecond') AT TIME ZONE 'UTC' AS hf,
        date_trunc('hour', p_to AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS ht,
        date_trunc('day', (p_from AT TIME ZONE 'UTC') + interval '1 day' - interval '1 microsecond') AT TIME ZONE 'UTC' AS df,
        date_trunc('day', p_to AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS dt) a) b
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_stats_in(p_tenant uuid, p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (start timestamptz, mode search_mode, runs bigint, rated bigint, thumbs_up bigint, thumbs_down bigint, zero_results bigint,
      quality_runs bigint, quality_sum double precision, quality_hist integer[])
    LANGUAGE sql STABLE AS $$
    SELECT s.start, s.mode, s.runs, s.rated, s.thumbs_up, s.thumbs_down, s.zero_results, s.quality_runs, s.quality_sum, s.quality_hist
    FROM evaluation_run_tiers(p_from, p_to, p_days) b JOIN evaluation_run_stats s ON s.tenant_id = p_tenant AND ((s.span = 'day' AND s.start >= b.day_from AND s.start < b.day_to)
      OR (s.span = 'hour' AND s.start >= b.h1_from AND s.start < b.h1_to) OR (s.span = 'hour' AND s.start >= b.h2_from AND s.start < b.h2_to))
    UNION ALL
    SELECT date_trunc('hour', r.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', r.mode, count(*), count(r.user_feedback), count(*) FILTER (WHERE r.user_feedback = 'thumbs_up'),
      count(*) FILTER (WHERE r.user_feedback = 'thumbs_down'), count(*) FILTER (WHERE r.result_count = 0),
      count(r.quality_score), coalesce(sum(r.quality_score), 0), ARRAY[coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 0), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 1), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 2), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 3), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 4), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 5), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 6), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 7), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 8), 0)::int, coalesce(count(*) FILTER (WHERE r.quality_score IS NOT NULL AND least(floor(r.quality_score * 10), 9) = 9), 0)::int]
    FROM evaluation_run_tiers(p_from, p_to, p_days) b, LATERAL (
      SELECT created_at, mode, user_feedback, result_count, quality_score FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < b.raw_to
      UNION ALL SELECT created_at, mode, user_feedback, result_count, quality_score FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= b.raw_from AND created_at < p_to) r
    GROUP BY 1, 2
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_latency_in(p_tenant uuid, p_from timestamptz, p_to timestamptz, p_days boolean)
    RETURNS TABLE (start timestamptz, mode search_mode, bucket smallint, runs bigint)
    LANGUAGE sql STABLE AS $$
    SELECT l.start, l.mode, l.bucket, l.runs::bigint FROM evaluation_run_tiers(p_from, p_to, p_days) b JOIN evaluation_run_latency l ON l.tenant_id = p_tenant AND ((l.span = 'day' AND l.start >= b.day_from AND l.start < b.day_to)
      OR (l.span = 'hour' AND l.start >= b.h1_from AND l.start < b.h1_to) OR (l.span = 'hour' AND l.start >= b.h2_from AND l.start < b.h2_to))
    UNION ALL
    SELECT date_trunc('hour', r.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', r.mode, evaluation_latency_bucket(r.latency_ms), count(*)
    FROM evaluation_run_tiers(p_from, p_to, p_days) b, LATERAL (
      SELECT created_at, mode, latency_ms FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < b.raw_to
      UNION ALL SELECT created_at, mode, latency_ms FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= b.raw_from AND created_at < p_to) r
    GROUP BY 1, 2, 3
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_queries_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (mode search_mode, query text, runs bigint, quality_runs bigint, quality_sum double precision, thumbs_down bigint,
      zero_runs bigint, zero_quality_runs bigint, zero_quality_sum double precision, zero_thumbs_down bigint,
      last_at timestamptz, last_run_id uuid, last_zero_at timestamptz, last_zero_run_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT q.mode, q.query, q.runs, q.quality_runs, q.quality_sum, q.thumbs_down, q.zero_runs, q.zero_quality_runs, q.zero_quality_sum, q.zero_thumbs_down,
      q.last_at, q.last_run_id, q.last_zero_at, q.last_zero_run_id
    FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_queries q ON q.tenant_id = p_tenant AND q.day >= b.day_raw_to AND q.day < b.day_raw_from
    UNION ALL
    SELECT r.mode, r.query, count(*), count(r.quality_score), coalesce(sum(r.quality_score), 0), count(*) FILTER (WHERE r.user_feedback = 'thumbs_down'),
      count(*) FILTER (WHERE r.result_count = 0), count(r.quality_score) FILTER (WHERE r.result_count = 0),
      coalesce(sum(r.quality_score) FILTER (WHERE r.result_count = 0), 0), count(*) FILTER (WHERE r.result_count = 0 AND r.user_feedback = 'thumbs_down'),
      max(r.created_at), (array_agg(r.id ORDER BY r.created_at DESC))[1],
      max(r.created_at) FILTER (WHERE r.result_count = 0), (array_agg(r.id ORDER BY r.created_at DESC) FILTER (WHERE r.result_count = 0))[1]
    FROM evaluation_run_tiers(p_from, p_to, true) b, LATERAL (
      SELECT id, created_at, mode, query, quality_score, user_feedback, result_count FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < b.day_raw_to
      UNION ALL SELECT id, created_at, mode, query, quality_score, user_feedback, result_count FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= b.day_raw_from AND created_at < p_to) r
    GROUP BY 1, 2
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_documents_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (mode search_mode, document_id text, runs bigint, last_at timestamptz, last_run_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT x.mode, x.document_id, x.runs::bigint, x.last_at, x.last_run_id FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_documents x ON x.tenant_id = p_tenant AND x.day >= b.day_raw_to AND x.day < b.day_raw_from
    UNION ALL
    SELECT r.mode, e.document_id, count(*), max(r.created_at), (array_agg(r.id ORDER BY r.created_at DESC))[1]
    FROM evaluation_run_tiers(p_from, p_to, true) b, LATERAL (
      SELECT id, created_at, mode, sources FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < b.day_raw_to AND user_feedback = 'thumbs_down'
      UNION ALL SELECT id, created_at, mode, sources FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= b.day_raw_from AND created_at < p_to AND user_feedback = 'thumbs_down') r
    CROSS JOIN LATERAL (SELECT DISTINCT j->>'documentId' AS document_id FROM jsonb_array_elements(r.sources) j) e
    WHERE e.document_id IS NOT NULL
    GROUP BY 1, 2
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_users_in(p_tenant uuid, p_from timestamptz, p_to timestamptz)
    RETURNS TABLE (user_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT u.user_id FROM evaluation_run_tiers(p_from, p_to, true) b JOIN evaluation_run_users u ON u.tenant_id = p_tenant AND u.day >= b.day_raw_to AND u.day < b.day_raw_from AND u.runs > 0
    UNION ALL
    SELECT r.user_id FROM evaluation_run_tiers(p_from, p_to, true) b, LATERAL (
      SELECT user_id FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= p_from AND created_at < b.day_raw_to
      UNION ALL SELECT user_id FROM evaluation_runs WHERE tenant_id = p_tenant AND created_at >= b.day_raw_from AND created_at < p_to) r
  $$;
--> statement-breakpoint
CREATE FUNCTION evaluation_run_rollup_add(p_runs evaluation_runs[], p_sign integer) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    -- A run whose tenant is gone (a cascade from the tenant's delete) has no rollup rows left to keep.
    WITH d AS MATERIALIZED (SELECT r.*, p_sign AS sign FROM unnest(p_runs) r WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.id = r.tenant_id)),
  stats AS (
    INSERT INTO evaluation_run_stats AS s (tenant_id, span, start, mode, runs, rated, thumbs_up, thumbs_down, zero_results, quality_runs, quality_sum, quality_hist)
    SELECT d.tenant_id, g.span, date_trunc(g.span, d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', d.mode, sum(sign)::int,
      coalesce(sum(sign) FILTER (WHERE user_feedback IS NOT NULL), 0)::int, coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_up'), 0)::int,
      coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_down'), 0)::int, coalesce(sum(sign) FILTER (WHERE result_count = 0), 0)::int,
      coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score), 0), ARRAY[coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 0), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 1), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 2), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 3), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 4), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 5), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 6), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 7), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 8), 0)::int, coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL AND least(floor(quality_score * 10), 9) = 9), 0)::int]
    FROM d CROSS JOIN (VALUES ('hour'), ('day')) g(span) GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, span, start, mode) DO UPDATE SET runs = s.runs + excluded.runs, rated = s.rated + excluded.rated,
      thumbs_up = s.thumbs_up + excluded.thumbs_up, thumbs_down = s.thumbs_down + excluded.thumbs_down, zero_results = s.zero_results + excluded.zero_results,
      quality_runs = s.quality_runs + excluded.quality_runs, quality_sum = s.quality_sum + excluded.quality_sum,
      quality_hist = (SELECT array_agg(a + b ORDER BY i) FROM unnest(s.quality_hist, excluded.quality_hist) WITH ORDINALITY u(a, b, i))
  ), latency AS (
    INSERT INTO evaluation_run_latency AS l (tenant_id, span, start, mode, bucket, runs)
    SELECT d.tenant_id, g.span, date_trunc(g.span, d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', d.mode, evaluation_latency_bucket(d.latency_ms), sum(sign)::int
    FROM d CROSS JOIN (VALUES ('hour'), ('day')) g(span) GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, span, start, mode, bucket) DO UPDATE SET runs = l.runs + excluded.runs
  ), queries AS (
    INSERT INTO evaluation_run_queries AS q (tenant_id, day, mode, query, runs, quality_runs, quality_sum, thumbs_down,
      zero_runs, zero_quality_runs, zero_quality_sum, zero_thumbs_down, last_at, last_run_id, last_zero_at, last_zero_run_id)
    SELECT tenant_id, date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', mode, query, sum(sign)::int,
      coalesce(sum(sign) FILTER (WHERE quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score), 0),
      coalesce(sum(sign) FILTER (WHERE user_feedback = 'thumbs_down'), 0)::int, coalesce(sum(sign) FILTER (WHERE result_count = 0), 0)::int,
      coalesce(sum(sign) FILTER (WHERE result_count = 0 AND quality_score IS NOT NULL), 0)::int, coalesce(sum(sign * quality_score) FILTER (WHERE result_count = 0), 0),
      coalesce(sum(sign) FILTER (WHERE result_count = 0 AND user_feedback = 'thumbs_down'), 0)::int,
      max(created_at) FILTER (WHERE sign > 0), (array_agg(id ORDER BY created_at DESC) FILTER (WHERE sign > 0))[1],
      max(created_at) FILTER (WHERE sign > 0 AND result_count = 0), (array_agg(id ORDER BY created_at DESC) FILTER (WHERE sign > 0 AND result_count = 0))[1]
    FROM d GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, mode, query) DO UPDATE SET runs = q.runs + excluded.runs, quality_runs = q.quality_runs + excluded.quality_runs,
      quality_sum = q.quality_sum + excluded.quality_sum, thumbs_down = q.thumbs_down + excluded.thumbs_down, zero_runs = q.zero_runs + excluded.zero_runs,
      zero_quality_runs = q.zero_quality_runs + excluded.zero_quality_runs, zero_quality_sum = q.zero_quality_sum + excluded.zero_quality_sum,
      zero_thumbs_down = q.zero_thumbs_down + excluded.zero_thumbs_down, last_run_id = CASE WHEN q.last_at IS NULL OR excluded.last_at >= q.last_at THEN coalesce(excluded.last_run_id, q.last_run_id) ELSE q.last_run_id END, last_at = greatest(q.last_at, excluded.last_at), last_zero_run_id = CASE WHEN q.last_zero_at IS NULL OR excluded.last_zero_at >= q.last_zero_at THEN coalesce(excluded.last_zero_run_id, q.last_zero_run_id) ELSE q.last_zero_run_id END, last_zero_at = greatest(q.last_zero_at, excluded.last_zero_at)
  ), documents AS (
    INSERT INTO evaluation_run_documents AS x (tenant_id, day, mode, document_id, runs, last_at, last_run_id)
    SELECT d.tenant_id, date_trunc('day', d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', d.mode, e.document_id, sum(sign)::int,
      max(d.created_at) FILTER (WHERE sign > 0), (array_agg(d.id ORDER BY d.created_at DESC) FILTER (WHERE sign > 0))[1]
    FROM d CROSS JOIN LATERAL (SELECT DISTINCT j->>'documentId' AS document_id FROM jsonb_array_elements(d.sources) j) e
    WHERE d.user_feedback = 'thumbs_down' AND e.document_id IS NOT NULL GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, mode, document_id) DO UPDATE SET runs = x.runs + excluded.runs, last_run_id = CASE WHEN x.last_at IS NULL OR excluded.last_at >= x.last_at THEN coalesce(excluded.last_run_id, x.last_run_id) ELSE x.last_run_id END, last_at = greatest(x.last_at, excluded.last_at)
  )
  INSERT INTO evaluation_run_users AS u (tenant_id, day, user_id, runs)
  SELECT tenant_id, date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', user_id, sum(sign)::int FROM d WHERE user_id IS NOT NULL GROUP BY 1, 2, 3
  ON CONFLICT (tenant_id, day, user_id) DO UPDATE SET runs = u.runs + excluded.runs;
  END $fn$;
--> statement-breakpoint
CREATE FUNCTION evaluation_runs_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM evaluation_run_rollup_add(ARRAY(SELECT n::evaluation_runs FROM new_rows n), 1);
    RETURN NULL;
  END $fn$;
--> statement-breakpoint
CREATE FUNCTION evaluation_runs_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM evaluation_run_rollup_add(ARRAY(SELECT o::evaluation_runs FROM old_rows o), -1);
    RETURN NULL;
  END $fn$;
--> statement-breakpoint
-- Only runs whose rolled-up columns changed (feedback, mostly) move between rollup rows.
CREATE FUNCTION evaluation_runs_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM evaluation_run_rollup_add(ARRAY(SELECT o::evaluation_runs FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE (n.tenant_id, n.created_at, n.mode, n.query, n.latency_ms, n.quality_score, n.user_feedback, n.sources, n.user_id) IS DISTINCT FROM (o.tenant_id, o.created_at, o.mode, o.query, o.latency_ms, o.quality_score, o.user_feedback, o.sources, o.user_id)), -1);
    PERFORM evaluation_run_rollup_add(ARRAY(SELECT n::evaluation_runs FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.tenant_id, n.created_at, n.mode, n.query, n.latency_ms, n.quality_score, n.user_feedback, n.sources, n.user_id) IS DISTINCT FROM (o.tenant_id, o.created_at, o.mode, o.query, o.latency_ms, o.quality_score, o.user_feedback, o.sources, o.user_id)), 1);
    RETURN NULL;
  END $fn$;
--> statement-breakpoint
-- Backfill a tenant and a month at a time, so no single array holds a large table.
DO $$
  DECLARE slice record;
  BEGIN
    FOR slice IN SELECT DISTINCT tenant_id, date_trunc('month', created_at) AS month FROM evaluation_runs LOOP
      PERFORM evaluation_run_rollup_add(ARRAY(
        SELECT r FROM evaluation_runs r WHERE r.tenant_id = slice.tenant_id AND r.created_at >= slice.month AND r.created_at < slice.month + interval '1 month'), 1);
    END LOOP;
  END $$;
--> statement-breakpoint
CREATE TRIGGER evaluation_runs_rollup_insert AFTER INSERT ON evaluation_runs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER evaluation_runs_rollup_update AFTER UPDATE ON evaluation_runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_update();
--> statement-breakpoint
CREATE TRIGGER evaluation_runs_rollup_delete AFTER DELETE ON evaluation_runs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION evaluation_runs_rollup_delete();
