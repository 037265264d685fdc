-- Trigram indexes for the back-office search boxes (ILIKE '%…%'): pg_trgm ships with PostgreSQL and PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "ix_profiles_name_trgm" ON "profiles" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "ix_users_email_trgm" ON "users" USING gin ("email" gin_trgm_ops);