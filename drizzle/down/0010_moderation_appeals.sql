-- Down migration for 0010_moderation_appeals: the trigger, its function, and the appeals table.
DROP TRIGGER IF EXISTS trg_appeals_check ON "appeals";
--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_appeal_check();
--> statement-breakpoint
DROP TABLE IF EXISTS "appeals";
