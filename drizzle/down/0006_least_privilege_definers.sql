-- Down migration for 0006: the functions run with their caller's rights again.
ALTER FUNCTION compliance_chain_lock() SECURITY INVOKER RESET search_path;
--> statement-breakpoint
ALTER FUNCTION compliance_chain_save() SECURITY INVOKER RESET search_path;
--> statement-breakpoint
ALTER FUNCTION refresh_map_cells() SECURITY INVOKER RESET search_path;
