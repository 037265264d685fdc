-- Written by hand: no schema change. Chain order is time order: a row's timestamp is assigned when
-- it is chained and is never earlier than its predecessor's, so "seq 5,001 happened after 5,000"
-- holds of the evidence. A row written with the column default (the transaction's start, now())
-- gets the clock time at which it is chained instead: a transaction that began earlier but
-- commits later no longer carries an earlier time than rows chained before it. An explicit
-- timestamp (imported history) is kept unless it is earlier than the predecessor's, then it is
-- raised to it. The lock trigger reads the head row's timestamp once per statement.
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
