-- Reviewed by hand. Generated part first (DSR table, chain columns, consent proof fields,
-- users.erased_at); then, written by hand: the chain's canonical form and triggers, the backfill of
-- rows that existed before this migration, and only after it the seq unique index and the
-- "chained" check (existing rows would violate them until backfilled); last, append-only triggers.
CREATE TABLE "compliance_chain_head" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL,
	"hash" varchar(64) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_compliance_chain_head_single_row" CHECK (id = 1)
);
--> statement-breakpoint
CREATE TABLE "data_subject_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"request_type" varchar(20) NOT NULL,
	"regime" varchar(10) NOT NULL,
	"status" varchar(20) DEFAULT 'received' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"extended_at" timestamp with time zone,
	"extension_reason" text,
	"denial_reason" text,
	"handler_staff_id" uuid,
	"completed_at" timestamp with time zone,
	"notes" text,
	"outcome" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_data_subject_requests_request_type" CHECK (request_type IN ('access', 'erasure', 'rectification', 'portability', 'opt_out')),
	CONSTRAINT "ck_data_subject_requests_regime" CHECK (regime IN ('gdpr', 'ccpa')),
	CONSTRAINT "ck_data_subject_requests_status" CHECK (status IN ('received', 'verified', 'in_progress', 'extended', 'completed', 'denied')),
	CONSTRAINT "ck_data_subject_requests_due_after_received" CHECK (due_at > received_at),
	CONSTRAINT "ck_data_subject_requests_extension_reason" CHECK (extended_at IS NULL OR extension_reason IS NOT NULL),
	CONSTRAINT "ck_data_subject_requests_extended_reason" CHECK (status <> 'extended' OR extended_at IS NOT NULL),
	CONSTRAINT "ck_data_subject_requests_denial_reason" CHECK (status <> 'denied' OR denial_reason IS NOT NULL),
	CONSTRAINT "ck_data_subject_requests_closed_at" CHECK ((status IN ('completed', 'denied')) = (completed_at IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD COLUMN "prev_hash" varchar(64) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD COLUMN "hash" varchar(64) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "consent_logs" ADD COLUMN "notice_version" varchar(40);--> statement-breakpoint
ALTER TABLE "consent_logs" ADD COLUMN "collection_method" varchar(30);--> statement-breakpoint
ALTER TABLE "consent_logs" ADD COLUMN "jurisdiction" varchar(10);--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD CONSTRAINT "data_subject_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD CONSTRAINT "data_subject_requests_handler_staff_id_staff_accounts_id_fk" FOREIGN KEY ("handler_staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_data_subject_requests_user_id" ON "data_subject_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_data_subject_requests_status_due_at" ON "data_subject_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "ix_data_subject_requests_received_at" ON "data_subject_requests" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ix_consent_logs_user_id_timestamp" ON "consent_logs" USING btree ("user_id","timestamp");--> statement-breakpoint
CREATE INDEX "ix_consent_logs_timestamp" ON "consent_logs" USING btree ("timestamp");--> statement-breakpoint
ALTER TABLE "consent_logs" ADD CONSTRAINT "ck_consent_logs_collection_method" CHECK (collection_method IN ('signup_form', 'settings_toggle', 'in_app_prompt', 'email_link', 'support_request'));
--> statement-breakpoint
-- The canonical form hashed for a row: a JSON array (unambiguous field boundaries) rendered by
-- jsonb's text output, which is deterministic (sorted keys, fixed spacing) and re-implemented
-- offline by server/audit/canonical.ts for `npm run audit:verify`. Time is UTC to the microsecond.
CREATE OR REPLACE FUNCTION compliance_log_canonical(
  p_seq bigint, p_id uuid, p_user_id uuid, p_staff_id uuid, p_action_type text, p_framework text,
  p_timestamp timestamptz, p_metadata jsonb, p_prev_hash text
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_array(p_seq, p_id, p_user_id, p_staff_id, p_action_type, p_framework,
    to_char(p_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_metadata, p_prev_hash)::text
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_log_hash(
  p_seq bigint, p_id uuid, p_user_id uuid, p_staff_id uuid, p_action_type text, p_framework text,
  p_timestamp timestamptz, p_metadata jsonb, p_prev_hash text
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT encode(digest(compliance_log_canonical(p_seq, p_id, p_user_id, p_staff_id, p_action_type, p_framework,
    p_timestamp, p_metadata, p_prev_hash), 'sha256'), 'hex')
$$;
--> statement-breakpoint
-- Backfill rows written before the chain existed, oldest first.
DO $$
DECLARE
  r record;
  s bigint := 0;
  h text := repeat('0', 64);
BEGIN
  FOR r IN SELECT id, user_id, staff_id, action_type, regulatory_framework, "timestamp", metadata
           FROM compliance_logs ORDER BY "timestamp", id LOOP
    s := s + 1;
    UPDATE compliance_logs SET seq = s, prev_hash = h,
      hash = compliance_log_hash(s, r.id, r.user_id, r.staff_id, r.action_type, r.regulatory_framework, r."timestamp", r.metadata, h)
    WHERE id = r.id RETURNING hash INTO h;
  END LOOP;
  INSERT INTO compliance_chain_head (id, seq, hash) VALUES (1, s, h);
END $$;
--> statement-breakpoint
CREATE UNIQUE INDEX "ix_compliance_logs_seq" ON "compliance_logs" USING btree ("seq");
--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "ck_compliance_logs_chained" CHECK (seq > 0 AND char_length(hash) = 64 AND char_length(prev_hash) = 64);
--> statement-breakpoint
-- Each inserting statement locks the head row once (FOR UPDATE: under READ COMMITTED it waits
-- for, then sees, the latest head; under REPEATABLE READ a concurrent head change is a
-- serialization error, never a fork) and keeps the running head in transaction-local settings;
-- the row trigger then costs one digest and no extra reads; the statement's end saves the head.
CREATE OR REPLACE FUNCTION compliance_chain_lock() RETURNS trigger LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE OR REPLACE FUNCTION compliance_chain_save() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- Evidence is append-only in the database itself, whatever client connects.
CREATE OR REPLACE FUNCTION refuse_evidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'Audit and consent records are evidence; record a new event instead.';
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_append_only BEFORE UPDATE OR DELETE ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_compliance_logs_no_truncate BEFORE TRUNCATE ON "compliance_logs" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_consent_logs_append_only BEFORE UPDATE OR DELETE ON "consent_logs" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_consent_logs_no_truncate BEFORE TRUNCATE ON "consent_logs" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_data_subject_requests_updated_at BEFORE UPDATE ON "data_subject_requests" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
