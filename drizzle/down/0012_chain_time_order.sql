-- Down migration for 0012_chain_time_order: the link and lock triggers as 0001 and 0006 left them
-- (timestamps as written, the head read without its time). Rows already chained keep their times.
CREATE OR REPLACE FUNCTION compliance_chain_lock() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head record;
BEGIN
  SELECT seq, hash INTO head FROM compliance_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'compliance_chain_head has no row: the audit chain is not initialised';
  END IF;
  PERFORM set_config('saltbitter.chain_seq', head.seq::text, true);
  PERFORM set_config('saltbitter.chain_hash', head.hash, true);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev_seq text := current_setting('saltbitter.chain_seq', true);
  prev_hash text := current_setting('saltbitter.chain_hash', true);
BEGIN
  IF coalesce(prev_seq, '') = '' OR coalesce(prev_hash, '') = '' THEN
    RAISE EXCEPTION 'compliance_logs row inserted without the chain lock';
  END IF;
  NEW.seq := prev_seq::bigint + 1;
  NEW.prev_hash := prev_hash;
  NEW.hash := compliance_log_hash(NEW.seq, NEW.id, NEW.user_id, NEW.staff_id, NEW.action_type,
    NEW.regulatory_framework, NEW."timestamp", NEW.metadata, prev_hash);
  PERFORM set_config('saltbitter.chain_seq', NEW.seq::text, true);
  PERFORM set_config('saltbitter.chain_hash', NEW.hash, true);
  RETURN NEW;
END $$;
