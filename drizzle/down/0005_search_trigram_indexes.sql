DROP INDEX IF EXISTS "ix_users_email_trgm";--> statement-breakpoint
DROP INDEX IF EXISTS "ix_profiles_name_trgm";
