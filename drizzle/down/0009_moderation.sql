-- Down migration for 0009_moderation: the function and triggers, the two tables, and the framework
-- check without "dsa" (refused while compliance_logs holds dsa rows: evidence is not rewritten).
DROP FUNCTION IF EXISTS restricted_users(timestamptz);
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_moderation_actions_no_truncate ON "moderation_actions";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_moderation_actions_append_only ON "moderation_actions";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_moderation_actions_check_reversal ON "moderation_actions";
--> statement-breakpoint
DROP FUNCTION IF EXISTS moderation_action_check_reversal();
--> statement-breakpoint
DROP TABLE IF EXISTS "reports";
--> statement-breakpoint
DROP TABLE IF EXISTS "moderation_actions";
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP CONSTRAINT IF EXISTS "ck_compliance_logs_regulatory_framework";
--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "ck_compliance_logs_regulatory_framework" CHECK (regulatory_framework IN ('gdpr', 'eu_ai_act', 'ccpa', 'sb_243'));
