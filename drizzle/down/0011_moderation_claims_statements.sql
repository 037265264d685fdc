-- Down migration for 0011_moderation_claims_statements: the statements' triggers and both tables.
DROP TRIGGER IF EXISTS trg_statements_of_reasons_no_truncate ON "statements_of_reasons";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_statements_of_reasons_append_only ON "statements_of_reasons";
--> statement-breakpoint
DROP TABLE IF EXISTS "statements_of_reasons";
--> statement-breakpoint
DROP TABLE IF EXISTS "moderation_claims";
