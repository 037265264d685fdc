-- Reviewed by hand. An audit chain that scales with writes (docs/audit-format.md §2). Until now each
-- inserting statement locked compliance_chain_head until its transaction committed, so writers
-- queued behind one another. From here an insert takes no lock: the row arrives unsequenced (seq 0,
-- empty prev_hash and hash) and one sequencer, sequence_compliance_logs(), later chains the rows
-- that have committed. Generated part first (the check admits the unsequenced state; seq is unique
-- among sequenced rows only; a partial index finds the rows waiting), then, by hand, the triggers
-- and the sequencer.
ALTER TABLE "compliance_logs" DROP CONSTRAINT "ck_compliance_logs_chained";--> statement-breakpoint
DROP INDEX "ix_compliance_logs_seq";--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_unsequenced" ON "compliance_logs" USING btree ("timestamp","id") WHERE seq = 0;--> statement-breakpoint
CREATE UNIQUE INDEX "ix_compliance_logs_seq" ON "compliance_logs" USING btree ("seq") WHERE seq > 0;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "ck_compliance_logs_chained" CHECK ((seq = 0 AND hash = '' AND prev_hash = '') OR (seq > 0 AND char_length(hash) = 64 AND char_length(prev_hash) = 64));
--> statement-breakpoint
-- Inserting: the row is unsequenced whatever the writer sent (a writer cannot choose its place or
-- its hashes), and a row written with the column default (the transaction's start, now()) is
-- stamped with the clock time of its insert. No lock, no read: writers never wait on one another.
-- Within one transaction the stamps strictly increase (a clock that ticks coarser than a
-- microsecond, like PGlite's, would otherwise tie two rows and leave their order to their ids),
-- so the sequencer's (timestamp, id) order is the order the transaction wrote them in.
CREATE OR REPLACE FUNCTION compliance_log_unsequenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text := current_setting('saltbitter.audit_stamped', true);
BEGIN
  NEW.seq := 0;
  NEW.prev_hash := '';
  NEW.hash := '';
  IF NEW."timestamp" IS NULL OR NEW."timestamp" = now() THEN
    NEW."timestamp" := clock_timestamp();
    IF previous IS NOT NULL AND previous <> '' AND NEW."timestamp" <= previous::timestamptz THEN
      NEW."timestamp" := previous::timestamptz + interval '1 microsecond';
    END IF;
    PERFORM set_config('saltbitter.audit_stamped', NEW."timestamp"::text, true);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_chain_lock" ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_chain_link" ON "compliance_logs";
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_chain_save" ON "compliance_logs";
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_unsequenced BEFORE INSERT ON "compliance_logs" FOR EACH ROW EXECUTE FUNCTION compliance_log_unsequenced();
--> statement-breakpoint
-- Append-only, but for one transition: while the sequencer runs (it sets saltbitter.sequencing,
-- transaction-local), an UPDATE may reach the row trigger below; DELETE never, nor any other UPDATE.
-- The trigger keeps its name: disabling it is still what "behind the triggers' back" means.
CREATE OR REPLACE FUNCTION compliance_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('saltbitter.sequencing', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'Audit and consent records are evidence; record a new event instead.';
END $$;
--> statement-breakpoint
DROP TRIGGER "trg_compliance_logs_append_only" ON "compliance_logs";
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_append_only BEFORE UPDATE OR DELETE ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION compliance_logs_append_only();
--> statement-breakpoint
-- The one transition, row by row: an unsequenced row gets a seq and nothing else is taken from the
-- UPDATE. Its content must be unchanged; prev_hash is the hash of row seq - 1 (the genesis value
-- for seq 1), which must exist (no gap), the unique index refuses a seq taken (no fork); the
-- timestamp becomes the later of its own and its predecessor's (chain order is time order); the
-- hash is computed here. So even a caller allowed to update can only chain a row correctly.
-- Outside the sequencer the statement trigger above has already refused (unless disabled).
CREATE OR REPLACE FUNCTION compliance_log_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev record;
BEGIN
  IF current_setting('saltbitter.sequencing', true) IS DISTINCT FROM 'on' THEN
    RETURN NEW;
  END IF;
  IF OLD.seq <> 0 OR OLD.hash <> '' OR OLD.prev_hash <> '' THEN
    RAISE EXCEPTION 'compliance_logs is append-only: row % is already sequenced', OLD.id;
  END IF;
  IF NEW.id <> OLD.id OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.staff_id IS DISTINCT FROM OLD.staff_id
     OR NEW.action_type <> OLD.action_type OR NEW.regulatory_framework <> OLD.regulatory_framework
     OR NEW.metadata <> OLD.metadata THEN
    RAISE EXCEPTION 'compliance_logs is append-only: sequencing may not change row %', OLD.id;
  END IF;
  IF NEW.seq < 1 THEN
    RAISE EXCEPTION 'compliance_logs: seq % is not a chain position', NEW.seq;
  ELSIF NEW.seq = 1 THEN
    NEW.prev_hash := repeat('0', 64);
    NEW."timestamp" := OLD."timestamp";
  ELSE
    SELECT hash, "timestamp" INTO prev FROM compliance_logs WHERE seq = NEW.seq - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'compliance_logs: seq % would leave a gap (no row %)', NEW.seq, NEW.seq - 1;
    END IF;
    NEW.prev_hash := prev.hash;
    NEW."timestamp" := greatest(OLD."timestamp", prev."timestamp");
  END IF;
  NEW.hash := compliance_log_hash(NEW.seq, NEW.id, NEW.user_id, NEW.staff_id, NEW.action_type,
    NEW.regulatory_framework, NEW."timestamp", NEW.metadata, NEW.prev_hash);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_sequence BEFORE UPDATE ON "compliance_logs" FOR EACH ROW EXECUTE FUNCTION compliance_log_sequence();
--> statement-breakpoint
-- The sequencer: owner's rights (the app role may call it, but may not update compliance_logs or
-- the head itself), one at a time across every app server (a transaction-scoped advisory lock:
-- without `wait` a second caller returns -1 at once, with it the caller queues, then sees the first
-- one's work). It chains up to max_rows committed unsequenced rows, in (timestamp, id) order of
-- what it sees: a row whose transaction is still open is not visible yet and is taken by a later
-- run, after every row already chained, so a late commit gets the next seq, never an earlier one.
-- Returns how many rows it chained.
CREATE OR REPLACE FUNCTION sequence_compliance_logs(max_rows integer DEFAULT 10000, wait boolean DEFAULT false)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  s bigint;
  h text;
  n integer := 0;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(4242001016);
  ELSIF NOT pg_try_advisory_xact_lock(4242001016) THEN
    RETURN -1;
  END IF;
  SELECT seq, hash INTO s, h FROM compliance_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'compliance_chain_head has no row: the audit chain is not initialised';
  END IF;
  PERFORM set_config('saltbitter.sequencing', 'on', true);
  FOR r IN SELECT id FROM compliance_logs WHERE seq = 0 ORDER BY "timestamp", id LIMIT greatest(max_rows, 0) LOOP
    s := s + 1;
    UPDATE compliance_logs SET seq = s WHERE id = r.id RETURNING hash INTO h;
    n := n + 1;
  END LOOP;
  PERFORM set_config('saltbitter.sequencing', '', true);
  IF n > 0 THEN
    UPDATE compliance_chain_head SET seq = s, hash = h, updated_at = now() WHERE id = 1;
  END IF;
  RETURN n;
END $$;
--> statement-breakpoint
DROP FUNCTION compliance_chain_lock();
--> statement-breakpoint
DROP FUNCTION compliance_chain_link();
--> statement-breakpoint
DROP FUNCTION compliance_chain_save();
