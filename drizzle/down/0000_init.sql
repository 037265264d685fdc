-- Down migration for 0000_init: drops everything it created, extensions last.
DROP TABLE IF EXISTS "event_registrations" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "events" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "payments" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "subscriptions" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "compliance_logs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "consent_logs" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "ai_interactions" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "messages" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "matches" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "attachment_assessments" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "profiles" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "users" CASCADE;
--> statement-breakpoint
DROP TABLE IF EXISTS "staff_accounts" CASCADE;
--> statement-breakpoint
DROP FUNCTION IF EXISTS set_updated_at();
--> statement-breakpoint
DROP EXTENSION IF EXISTS pgcrypto;
--> statement-breakpoint
-- The up migration creates postgis only if missing. Where other extensions need it (the
-- postgis/postgis Docker image installs postgis_topology and postgis_tiger_geocoder), it stays.
DO $$
BEGIN
  DROP EXTENSION IF EXISTS postgis;
EXCEPTION WHEN dependent_objects_still_exist THEN
  RAISE NOTICE 'postgis left installed: other extensions depend on it';
END $$;
