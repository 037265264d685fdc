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
-- The one transition, checked once per statement over the rows it changed (transition tables, so
-- a batch of 10,000 rows costs one check, not 10,000 trigger calls): each row was unsequenced and
-- keeps its content; its seq is a chain position whose predecessor exists (no gap; the unique index
-- refuses a seq taken: no fork); its prev_hash is that predecessor's hash (the genesis value for
-- seq 1); its timestamp is the later of its own and its predecessor's (chain order is time order);
-- its hash is compliance_log_hash of its fields. Anything else refuses the whole statement, so even
-- a caller allowed to update can only chain rows correctly. Outside the sequencer the statement
-- trigger above has already refused (unless disabled).
CREATE OR REPLACE FUNCTION compliance_log_sequence() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = on SET enable_mergejoin = on AS $$
DECLARE
  bad record;
BEGIN
  IF current_setting('saltbitter.sequencing', true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  -- Old and new rows meet in a hash join (the sequencer turns hash joins off for its own UPDATE:
  -- this function turns them back on; and the whole result is ordered, so the planner does not bet
  -- on a nested loop finding a bad row early). The predecessor is looked up row by row through the
  -- seq index (OFFSET 0 keeps it a per-row subquery); an AFTER trigger sees the statement's rows.
  SELECT * INTO bad FROM (
    SELECT n.id, n.seq,
      o.id IS NULL OR n.user_id IS DISTINCT FROM o.user_id OR n.staff_id IS DISTINCT FROM o.staff_id
        OR n.action_type <> o.action_type OR n.regulatory_framework <> o.regulatory_framework
        OR n.metadata <> o.metadata AS changed,
      o.seq <> 0 OR o.hash <> '' OR o.prev_hash <> '' AS sequenced_before,
      n.seq > 1 AND p.seq IS NULL AS gap,
      n.prev_hash IS DISTINCT FROM CASE WHEN n.seq = 1 THEN repeat('0', 64) ELSE p.hash END AS unlinked,
      n."timestamp" IS DISTINCT FROM CASE WHEN n.seq = 1 THEN o."timestamp" ELSE greatest(o."timestamp", p."timestamp") END AS mistimed,
      n.hash IS DISTINCT FROM compliance_log_hash(n.seq, n.id, n.user_id, n.staff_id, n.action_type,
        n.regulatory_framework, n."timestamp", n.metadata, n.prev_hash) AS mishashed
    FROM new_rows n
    LEFT JOIN old_rows o ON o.id = n.id
    LEFT JOIN LATERAL (
      SELECT q.seq, q.hash, q."timestamp" FROM compliance_logs q WHERE q.seq = n.seq - 1 AND q.seq > 0 OFFSET 0
    ) p ON true
  ) checked
  WHERE changed OR sequenced_before OR seq < 1 OR gap OR unlinked OR mistimed OR mishashed
  ORDER BY seq
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  ELSIF bad.changed THEN
    RAISE EXCEPTION 'compliance_logs is append-only: sequencing may not change row %', bad.id;
  ELSIF bad.sequenced_before THEN
    RAISE EXCEPTION 'compliance_logs is append-only: row % is already sequenced', bad.id;
  ELSIF bad.seq < 1 THEN
    RAISE EXCEPTION 'compliance_logs: seq % is not a chain position', bad.seq;
  ELSIF bad.gap THEN
    RAISE EXCEPTION 'compliance_logs: seq % would leave a gap (no row %)', bad.seq, bad.seq - 1;
  ELSIF bad.unlinked THEN
    RAISE EXCEPTION 'compliance_logs: row % (seq %) does not link to seq %: its prev_hash is not that row''s hash',
      bad.id, bad.seq, bad.seq - 1;
  ELSIF bad.mistimed THEN
    RAISE EXCEPTION 'compliance_logs: row % (seq %) must take the later of its own timestamp and its predecessor''s',
      bad.id, bad.seq;
  ELSE
    RAISE EXCEPTION 'compliance_logs: row % (seq %) has a hash that is not compliance_log_hash of its fields',
      bad.id, bad.seq;
  END IF;
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_sequence AFTER UPDATE ON "compliance_logs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_log_sequence();
--> statement-breakpoint
-- The sequencer: owner's rights (the app role may call it, but may not update compliance_logs or
-- the head itself), one at a time across every app server (a transaction-scoped advisory lock:
-- without `wait` a second caller returns -1 at once, with it the caller queues, then sees the first
-- one's work). It chains up to max_rows committed unsequenced rows, in (timestamp, id) order of
-- what it sees: a row whose transaction is still open is not visible yet and is taken by a later
-- run, after every row already chained, so a late commit gets the next seq, never an earlier one.
-- It computes the batch's positions, times and hashes in order, then writes them in one UPDATE
-- (checked by the trigger above). Returns how many rows it chained.
CREATE OR REPLACE FUNCTION sequence_compliance_logs(max_rows integer DEFAULT 10000, wait boolean DEFAULT false)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
-- The batch's UPDATE finds each row by its key (a hash join would read the whole table per batch).
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  r record;
  s bigint;
  h text;
  t timestamptz;
  n integer := 0;
  ids uuid[] := '{}';
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  times timestamptz[] := '{}';
BEGIN
  -- Nothing waiting (the servers ask every 200 ms): return before locking the head, which would
  -- write (FOR UPDATE marks the row) and so send WAL to every replica while the system is idle.
  IF NOT EXISTS (SELECT 1 FROM compliance_logs WHERE seq = 0) THEN
    RETURN 0;
  END IF;
  IF wait THEN
    PERFORM pg_advisory_xact_lock(4242001016);
  ELSIF NOT pg_try_advisory_xact_lock(4242001016) THEN
    RETURN -1;
  END IF;
  SELECT seq, hash INTO s, h FROM compliance_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'compliance_chain_head has no row: the audit chain is not initialised';
  END IF;
  SELECT "timestamp" INTO t FROM compliance_logs WHERE seq = s AND seq > 0;
  FOR r IN SELECT id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata
           FROM compliance_logs WHERE seq = 0 ORDER BY "timestamp", id LIMIT greatest(max_rows, 0) LOOP
    n := n + 1;
    s := s + 1;
    prevs[n] := CASE WHEN s = 1 THEN repeat('0', 64) ELSE h END;
    t := CASE WHEN s = 1 OR t IS NULL THEN r."timestamp" ELSE greatest(r."timestamp", t) END;
    h := compliance_log_hash(s, r.id, r.user_id, r.staff_id, r.action_type, r.regulatory_framework, t, r.metadata, prevs[n]);
    ids[n] := r.id;
    seqs[n] := s;
    hashes[n] := h;
    times[n] := t;
  END LOOP;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  PERFORM set_config('saltbitter.sequencing', 'on', true);
  UPDATE compliance_logs c SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash, "timestamp" = u.ts
  FROM unnest(ids, seqs, prevs, hashes, times) AS u(id, seq, prev_hash, hash, ts)
  WHERE c.id = u.id;
  PERFORM set_config('saltbitter.sequencing', '', true);
  UPDATE compliance_chain_head SET seq = s, hash = h, updated_at = now() WHERE id = 1;
  RETURN n;
END $$;
--> statement-breakpoint
DROP FUNCTION compliance_chain_lock();
--> statement-breakpoint
DROP FUNCTION compliance_chain_link();
--> statement-breakpoint
DROP FUNCTION compliance_chain_save();
