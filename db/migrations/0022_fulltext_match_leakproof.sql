-- Under row level security PostgreSQL evaluates a query's own conditions after the policy's unless
-- they are leakproof, and it will not use an index for a condition that must wait. `tsv @@ tsquery`
-- (ts_match_vq) is not marked leakproof, so full-text search under the tkc_app role never used the
-- GIN index: it read the whole workspace partition (30,000 chunks: 110 ms a query instead of 40 in
-- the search bench). ts_match_vq has no side effects and its only errors depend on the query, not on
-- the row. Marking a built-in function needs a superuser: without one the migration warns and search
-- stays correct, only slower.
DO $$
BEGIN
  ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'full-text search cannot use its GIN index under row level security: a superuser must run ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF';
END $$;
