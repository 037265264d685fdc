DROP FUNCTION IF EXISTS refresh_map_cells();
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "map_cells";
--> statement-breakpoint
DROP TABLE IF EXISTS "map_cells_state";
