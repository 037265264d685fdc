-- map_cells summed over every filter value: the unfiltered map (the common case) reads a few
-- rows per cell instead of one per filter combination. Refreshed with map_cells, and both are
-- ANALYZEd, so the planner knows their sizes (a fresh view has no statistics until autovacuum).
CREATE MATERIALIZED VIEW "map_cells_all" AS
SELECT level, cx, cy, sum(n)::int AS n, sum(sum_lng) AS sum_lng, sum(sum_lat) AS sum_lat
FROM map_cells
GROUP BY level, cx, cy
ORDER BY level, cx, cy
WITH NO DATA;
--> statement-breakpoint
CREATE UNIQUE INDEX "ix_map_cells_all_cell" ON "map_cells_all" ("level", "cx", "cy");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refresh_map_cells() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	started timestamptz := clock_timestamp();
BEGIN
	IF (SELECT ispopulated FROM pg_matviews WHERE matviewname = 'map_cells' AND schemaname = current_schema()) THEN
		REFRESH MATERIALIZED VIEW CONCURRENTLY map_cells;
	ELSE
		REFRESH MATERIALIZED VIEW map_cells;
	END IF;
	IF (SELECT ispopulated FROM pg_matviews WHERE matviewname = 'map_cells_all' AND schemaname = current_schema()) THEN
		REFRESH MATERIALIZED VIEW CONCURRENTLY map_cells_all;
	ELSE
		REFRESH MATERIALIZED VIEW map_cells_all;
	END IF;
	ANALYZE map_cells;
	ANALYZE map_cells_all;
	UPDATE map_cells_state SET
		refreshed_at = started,
		profiles_placed = (SELECT coalesce(sum(n), 0) FROM map_cells_all WHERE level = 2),
		refresh_ms = (extract(epoch FROM clock_timestamp() - started) * 1000)::int
	WHERE id = 1;
END
$$;
--> statement-breakpoint
-- The totals view exists but is empty until the next refresh: mark the clusters as never refreshed.
UPDATE map_cells_state SET refreshed_at = NULL WHERE id = 1;
