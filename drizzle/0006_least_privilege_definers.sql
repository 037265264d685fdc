-- Written by hand: no schema change. Under least-privilege roles (npm run db:roles) the app role may
-- not update compliance_chain_head or map_cells_state, nor refresh or analyze views it does not
-- own; the functions that do so run with their owner's rights instead (SECURITY DEFINER), so the
-- app can append audit rows and refresh the map but cannot move the chain head by hand. A fixed
-- search_path (pg_temp last) keeps a caller's temporary tables from standing in for ours.
ALTER FUNCTION compliance_chain_lock() SECURITY DEFINER SET search_path = public, pg_temp;
--> statement-breakpoint
ALTER FUNCTION compliance_chain_save() SECURITY DEFINER SET search_path = public, pg_temp;
--> statement-breakpoint
ALTER FUNCTION refresh_map_cells() SECURITY DEFINER SET search_path = public, pg_temp;
