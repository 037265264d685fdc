-- Down migration for 0016_audit_chain_sequencer: back to chaining at insert (the triggers of 0001,
-- 0006 and 0012). Rows still unsequenced are chained first, by the sequencer itself, so every row
-- satisfies the old check and unique index again.
SELECT sequence_compliance_logs(2147483647, true);
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_sequence" ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_unsequenced" ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_append_only" ON "compliance_logs";
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_append_only BEFORE UPDATE OR DELETE ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
DROP FUNCTION sequence_compliance_logs(integer, boolean);
--> statement-breakpoint
DROP FUNCTION compliance_log_sequence();
--> statement-breakpoint
DROP FUNCTION compliance_logs_append_only();
--> statement-breakpoint
DROP FUNCTION compliance_log_unsequenced();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_chain_lock() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head record;
  head_ts timestamptz;
BEGIN
  SELECT seq, hash INTO head FROM compliance_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'compliance_chain_head has no row: the audit chain is not initialised';
  END IF;
  SELECT "timestamp" INTO head_ts FROM compliance_logs WHERE seq = head.seq;
  PERFORM set_config('saltbitter.chain_seq', head.seq::text, true);
  PERFORM set_config('saltbitter.chain_hash', head.hash, true);
  PERFORM set_config('saltbitter.chain_ts',
    coalesce(to_char(head_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ''), true);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev_seq text := current_setting('saltbitter.chain_seq', true);
  prev_hash text := current_setting('saltbitter.chain_hash', true);
  prev_ts text := current_setting('saltbitter.chain_ts', true);
BEGIN
  IF coalesce(prev_seq, '') = '' OR coalesce(prev_hash, '') = '' THEN
    RAISE EXCEPTION 'compliance_logs row inserted without the chain lock';
  END IF;
  IF NEW."timestamp" IS NULL OR NEW."timestamp" = now() THEN
    NEW."timestamp" := clock_timestamp();
  END IF;
  IF coalesce(prev_ts, '') <> '' AND NEW."timestamp" < prev_ts::timestamptz THEN
    NEW."timestamp" := prev_ts::timestamptz;
  END IF;
  NEW.seq := prev_seq::bigint + 1;
  NEW.prev_hash := prev_hash;
  NEW.hash := compliance_log_hash(NEW.seq, NEW.id, NEW.user_id, NEW.staff_id, NEW.action_type,
    NEW.regulatory_framework, NEW."timestamp", NEW.metadata, prev_hash);
  PERFORM set_config('saltbitter.chain_seq', NEW.seq::text, true);
  PERFORM set_config('saltbitter.chain_hash', NEW.hash, true);
  PERFORM set_config('saltbitter.chain_ts', to_char(NEW."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), true);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_chain_save() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE compliance_chain_head
  SET seq = current_setting('saltbitter.chain_seq')::bigint, hash = current_setting('saltbitter.chain_hash'), updated_at = now()
  WHERE id = 1 AND seq <> current_setting('saltbitter.chain_seq')::bigint;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_chain_lock BEFORE INSERT ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION compliance_chain_lock();
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_chain_link BEFORE INSERT ON "compliance_logs" FOR EACH ROW EXECUTE FUNCTION compliance_chain_link();
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_chain_save AFTER INSERT ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION compliance_chain_save();
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP CONSTRAINT "ck_compliance_logs_chained";
--> statement-breakpoint
DROP INDEX "ix_compliance_logs_unsequenced";
--> statement-breakpoint
DROP INDEX "ix_compliance_logs_seq";
--> statement-breakpoint
CREATE UNIQUE INDEX "ix_compliance_logs_seq" ON "compliance_logs" USING btree ("seq");
--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "ck_compliance_logs_chained" CHECK (seq > 0 AND char_length(hash) = 64 AND char_length(prev_hash) = 64);
