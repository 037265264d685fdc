CREATE OR REPLACE FUNCTION refresh_map_cells() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz := clock_timestamp();
BEGIN
	IF (SELECT ispopulated FROM pg_matviews WHERE matviewname = 'map_cells' AND schemaname = current_schema()) THEN
		REFRESH MATERIALIZED VIEW CONCURRENTLY map_cells;
	ELSE
		REFRESH MATERIALIZED VIEW map_cells;
	END IF;
	UPDATE map_cells_state SET
		refreshed_at = started,
		profiles_placed = (SELECT coalesce(sum(n), 0) FROM map_cells WHERE level = 2),
		refresh_ms = (extract(epoch FROM clock_timestamp() - started) * 1000)::int
	WHERE id = 1;
END
$$;
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "map_cells_all";
