-- Down migration for 0001_compliance_chain: triggers and functions, then the columns and tables it added.
DROP TRIGGER IF EXISTS trg_data_subject_requests_updated_at ON "data_subject_requests";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_consent_logs_no_truncate ON "consent_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_consent_logs_append_only ON "consent_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_compliance_logs_no_truncate ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_compliance_logs_append_only ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_compliance_logs_chain_save ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_compliance_logs_chain_link ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER IF EXISTS trg_compliance_logs_chain_lock ON "compliance_logs";
--> statement-breakpoint
DROP FUNCTION IF EXISTS refuse_evidence_change();
--> statement-breakpoint
DROP FUNCTION IF EXISTS compliance_chain_save();
--> statement-breakpoint
DROP FUNCTION IF EXISTS compliance_chain_link();
--> statement-breakpoint
DROP FUNCTION IF EXISTS compliance_chain_lock();
--> statement-breakpoint
DROP FUNCTION IF EXISTS compliance_log_hash(bigint, uuid, uuid, uuid, text, text, timestamptz, jsonb, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS compliance_log_canonical(bigint, uuid, uuid, uuid, text, text, timestamptz, jsonb, text);
--> statement-breakpoint
DROP TABLE IF EXISTS "data_subject_requests";
--> statement-breakpoint
DROP TABLE IF EXISTS "compliance_chain_head";
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP CONSTRAINT IF EXISTS "ck_compliance_logs_chained";
--> statement-breakpoint
DROP INDEX IF EXISTS "ix_compliance_logs_seq";
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP COLUMN IF EXISTS "hash";
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP COLUMN IF EXISTS "prev_hash";
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP COLUMN IF EXISTS "seq";
--> statement-breakpoint
ALTER TABLE "consent_logs" DROP CONSTRAINT IF EXISTS "ck_consent_logs_collection_method";
--> statement-breakpoint
DROP INDEX IF EXISTS "ix_consent_logs_timestamp";
--> statement-breakpoint
DROP INDEX IF EXISTS "ix_consent_logs_user_id_timestamp";
--> statement-breakpoint
ALTER TABLE "consent_logs" DROP COLUMN IF EXISTS "jurisdiction";
--> statement-breakpoint
ALTER TABLE "consent_logs" DROP COLUMN IF EXISTS "collection_method";
--> statement-breakpoint
ALTER TABLE "consent_logs" DROP COLUMN IF EXISTS "notice_version";
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN IF EXISTS "erased_at";
