DROP INDEX IF EXISTS "ix_event_registrations_created_at";--> statement-breakpoint
DROP INDEX IF EXISTS "ix_subscriptions_created_at";--> statement-breakpoint
DROP INDEX IF EXISTS "ix_matches_created_at";--> statement-breakpoint
DROP INDEX IF EXISTS "ix_profiles_created_at";--> statement-breakpoint
DROP INDEX IF EXISTS "ix_attachment_assessments_created_at";
