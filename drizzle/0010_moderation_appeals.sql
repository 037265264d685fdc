-- Reviewed by hand. Generated part first (appeals); then, written by hand, the trigger that keeps
-- appeals honest whatever writes them: only a decision can be appealed, it is decided by someone
-- other than the staff member who took the decision, a reversal names the action that reversed
-- this decision, and a decided appeal is final.
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"channel" varchar(20) NOT NULL,
	"recorded_by_staff_id" uuid,
	"appellant_text" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"decided_by_staff_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"reversal_action_id" uuid,
	CONSTRAINT "ck_appeals_channel" CHECK (channel IN ('staff', 'support', 'api')),
	CONSTRAINT "ck_appeals_status" CHECK (status IN ('open', 'upheld', 'reversed')),
	CONSTRAINT "ck_appeals_due_after_received" CHECK (due_at > received_at),
	CONSTRAINT "ck_appeals_decided_fields" CHECK ((status = 'open') = (decided_at IS NULL) AND (status = 'open') = (decided_by_staff_id IS NULL)),
	CONSTRAINT "ck_appeals_decided_after_received" CHECK (decided_at IS NULL OR decided_at >= received_at),
	CONSTRAINT "ck_appeals_reversal" CHECK ((status = 'reversed') = (reversal_action_id IS NOT NULL)),
	CONSTRAINT "ck_appeals_staff_channel" CHECK (channel = 'api' OR recorded_by_staff_id IS NOT NULL),
	CONSTRAINT "ck_appeals_appellant_text_length" CHECK (appellant_text IS NULL OR char_length(appellant_text) <= 5000)
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_action_id_moderation_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."moderation_actions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_recorded_by_staff_id_staff_accounts_id_fk" FOREIGN KEY ("recorded_by_staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_decided_by_staff_id_staff_accounts_id_fk" FOREIGN KEY ("decided_by_staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_reversal_action_id_moderation_actions_id_fk" FOREIGN KEY ("reversal_action_id") REFERENCES "public"."moderation_actions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ix_appeals_action_id" ON "appeals" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "ix_appeals_open_due_at" ON "appeals" USING btree ("due_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "ix_appeals_received_at" ON "appeals" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ix_appeals_decided_by_staff_id" ON "appeals" USING btree ("decided_by_staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_appeals_reversal_action_id" ON "appeals" USING btree ("reversal_action_id") WHERE reversal_action_id IS NOT NULL;

--> statement-breakpoint
CREATE OR REPLACE FUNCTION moderation_appeal_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  appealed record;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status <> 'open' THEN
      RAISE EXCEPTION 'a decided appeal is final' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appeals_final';
    END IF;
    IF NEW.action_id <> OLD.action_id THEN
      RAISE EXCEPTION 'an appeal cannot move to another decision' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appeals_action_fixed';
    END IF;
  END IF;
  SELECT kind, staff_id INTO appealed FROM moderation_actions WHERE id = NEW.action_id;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key reports it
  END IF;
  IF appealed.kind NOT IN ('warn', 'restrict_visibility', 'suspend', 'terminate') THEN
    RAISE EXCEPTION 'a % is not a decision that can be appealed', appealed.kind
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appeals_appealable';
  END IF;
  IF NEW.decided_by_staff_id IS NOT NULL AND NEW.decided_by_staff_id = appealed.staff_id THEN
    RAISE EXCEPTION 'an appeal must be decided by someone other than the staff member who took the decision'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appeals_other_decider';
  END IF;
  IF NEW.reversal_action_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM moderation_actions WHERE id = NEW.reversal_action_id AND reverses_action_id = NEW.action_id
  ) THEN
    RAISE EXCEPTION 'a reversed appeal names the action that reversed the appealed decision'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appeals_reversal_action';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_appeals_check BEFORE INSERT OR UPDATE ON "appeals" FOR EACH ROW EXECUTE FUNCTION moderation_appeal_check();
