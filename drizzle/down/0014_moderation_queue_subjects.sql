-- Down migration for 0014_moderation_queue_subjects: the queue's per-subject cache and its triggers.
DROP TRIGGER IF EXISTS moderation_queue_reports_truncated ON reports;--> statement-breakpoint
DROP TRIGGER IF EXISTS moderation_queue_reports_deleted ON reports;--> statement-breakpoint
DROP TRIGGER IF EXISTS moderation_queue_reports_updated ON reports;--> statement-breakpoint
DROP TRIGGER IF EXISTS moderation_queue_reports_inserted ON reports;--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_queue_reports_truncated();--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_queue_reports_changed();--> statement-breakpoint
DROP FUNCTION IF EXISTS refresh_moderation_queue_subjects(uuid[]);--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_report_sources();--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_report_categories();--> statement-breakpoint
DROP TABLE IF EXISTS "moderation_queue_subjects";
