-- Precomputed map clusters (server/geo): per grid cell and per combination of the map's filter
-- values, the profile count and coordinate sums (for centroids). Live aggregation of a million
-- points at world zoom is too slow for the map; this is refreshed after seeding and on demand
-- (refresh_map_cells()), and map_cells_state says when, so the screen can show its freshness.
-- Cells are 90/2^level degrees, anchored at (-180,-90); levels nest, so coarser zooms roll up by
-- shifting cell indexes (server/geo/grid.ts). Anomalous locations (null, 0/0, out of range) are left out.
CREATE TABLE "map_cells_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"refreshed_at" timestamp with time zone,
	"profiles_placed" integer DEFAULT 0 NOT NULL,
	"refresh_ms" integer,
	CONSTRAINT "ck_map_cells_state_single_row" CHECK (id = 1)
);
--> statement-breakpoint
INSERT INTO "map_cells_state" ("id") VALUES (1);
--> statement-breakpoint
CREATE MATERIALIZED VIEW "map_cells" AS
WITH placed AS (
	SELECT ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat,
		p.gender, p.age, u.subscription_tier AS tier, u.verified, coalesce(a.style, 'none') AS style
	FROM profiles p
	JOIN users u ON u.id = p.user_id
	LEFT JOIN attachment_assessments a ON a.user_id = p.user_id
	WHERE p.location IS NOT NULL
), finest AS (
	SELECT floor((lng + 180) / (90 / 1024.0))::int AS cx, floor((lat + 90) / (90 / 1024.0))::int AS cy,
		gender, age, tier, verified, style, count(*)::int AS n, sum(lng) AS sum_lng, sum(lat) AS sum_lat
	FROM placed
	WHERE NOT (lng = 0 AND lat = 0) AND lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180
	GROUP BY 1, 2, 3, 4, 5, 6, 7
)
SELECT level, cx, cy, gender, age, tier, verified, style, n, sum_lng, sum_lat
FROM (
	SELECT 10::smallint AS level, cx, cy, gender, age::smallint AS age, tier, verified, style, n, sum_lng, sum_lat
	FROM finest
	UNION ALL
	SELECT l.level::smallint, cx >> (10 - l.level), cy >> (10 - l.level), gender, age::smallint, tier, verified, style,
		sum(n)::int, sum(sum_lng), sum(sum_lat)
	FROM finest CROSS JOIN (VALUES (2), (5), (8)) AS l(level)
	GROUP BY l.level, cx >> (10 - l.level), cy >> (10 - l.level), gender, age, tier, verified, style
) AS cells
ORDER BY level, cx, cy
WITH NO DATA;
--> statement-breakpoint
-- Unique, so the view can be refreshed CONCURRENTLY (readers never wait); its prefix serves viewport reads.
CREATE UNIQUE INDEX "ix_map_cells_cell" ON "map_cells" ("level", "cx", "cy", "gender", "age", "tier", "verified", "style");
--> statement-breakpoint
CREATE FUNCTION refresh_map_cells() RETURNS void LANGUAGE plpgsql AS $$
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
