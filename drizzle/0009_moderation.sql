-- Reviewed by hand. Generated part first (reports, moderation_actions, and "dsa" added to the
-- compliance_logs framework check); then, written by hand: the reversal integrity trigger, the
-- append-only triggers on moderation_actions, and restricted_users(at), the set-based form of an
-- account's restriction (server/moderation/enforcement.ts reads the same function).
CREATE TABLE "moderation_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_user_id" uuid NOT NULL,
	"subject_kind" varchar(20) DEFAULT 'user' NOT NULL,
	"subject_message_id" uuid,
	"subject_photo_index" smallint,
	"kind" varchar(30) NOT NULL,
	"staff_id" uuid,
	"reverses_action_id" uuid,
	"category" varchar(40),
	"ground" varchar(30),
	"legal_provision" text,
	"terms_clause" text,
	"ground_explanation" text,
	"facts" text,
	"note" text,
	"automated_detection" boolean DEFAULT false NOT NULL,
	"automated_decision" varchar(20) DEFAULT 'not_automated' NOT NULL,
	"territorial_scope" varchar(2)[],
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"report_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_moderation_actions_kind" CHECK (kind IN ('acknowledge', 'escalate', 'comment', 'warn', 'restrict_visibility', 'suspend', 'terminate', 'reverse')),
	CONSTRAINT "ck_moderation_actions_subject_kind" CHECK (subject_kind IN ('user', 'profile', 'photo', 'message')),
	CONSTRAINT "ck_moderation_actions_category" CHECK (category IS NULL OR category IN ('scam_fraud', 'fake_profile', 'harassment', 'hate', 'non_consensual_sexual_content', 'underage', 'spam', 'violence_threats', 'other')),
	CONSTRAINT "ck_moderation_actions_ground" CHECK (ground IS NULL OR ground IN ('illegal_content', 'incompatible_content')),
	CONSTRAINT "ck_moderation_actions_automated_decision" CHECK (automated_decision IN ('fully', 'partially', 'not_automated')),
	CONSTRAINT "ck_moderation_actions_reverse_target" CHECK ((kind = 'reverse') = (reverses_action_id IS NOT NULL)),
	CONSTRAINT "ck_moderation_actions_reverse_not_self" CHECK (reverses_action_id IS NULL OR reverses_action_id <> id),
	CONSTRAINT "ck_moderation_actions_restrictive_reasons" CHECK (kind NOT IN ('restrict_visibility', 'suspend', 'terminate') OR (ground IS NOT NULL AND category IS NOT NULL AND facts IS NOT NULL AND btrim(facts) <> '')),
	CONSTRAINT "ck_moderation_actions_ground_reference" CHECK ((ground IS DISTINCT FROM 'illegal_content' OR legal_provision IS NOT NULL) AND (ground IS DISTINCT FROM 'incompatible_content' OR terms_clause IS NOT NULL)),
	CONSTRAINT "ck_moderation_actions_reverse_reason" CHECK (kind <> 'reverse' OR (facts IS NOT NULL AND btrim(facts) <> '')),
	CONSTRAINT "ck_moderation_actions_comment_note" CHECK (kind <> 'comment' OR (note IS NOT NULL AND btrim(note) <> '')),
	CONSTRAINT "ck_moderation_actions_suspend_ends" CHECK (kind <> 'suspend' OR ends_at IS NOT NULL),
	CONSTRAINT "ck_moderation_actions_terminate_open_ended" CHECK (kind <> 'terminate' OR ends_at IS NULL),
	CONSTRAINT "ck_moderation_actions_period_order" CHECK (ends_at IS NULL OR ends_at > starts_at),
	CONSTRAINT "ck_moderation_actions_staff_or_automated" CHECK (staff_id IS NOT NULL OR automated_decision = 'fully'),
	CONSTRAINT "ck_moderation_actions_subject_record" CHECK ((subject_message_id IS NULL OR subject_kind = 'message') AND (subject_photo_index IS NULL OR (subject_kind = 'photo' AND subject_photo_index >= 0))),
	CONSTRAINT "ck_moderation_actions_territorial_scope" CHECK (territorial_scope IS NULL OR (cardinality(territorial_scope) > 0 AND array_to_string(territorial_scope, ',') ~ '^[A-Z]{2}(,[A-Z]{2})*$'))
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" varchar(20) NOT NULL,
	"subject_user_id" uuid NOT NULL,
	"subject_message_id" uuid,
	"subject_photo_index" smallint,
	"reporter_user_id" uuid,
	"source" varchar(20) NOT NULL,
	"category" varchar(40) NOT NULL,
	"reporter_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"resolution" varchar(30),
	"resolved_at" timestamp with time zone,
	"resolved_by_action_id" uuid,
	CONSTRAINT "ck_reports_subject_kind" CHECK (subject_kind IN ('user', 'profile', 'photo', 'message')),
	CONSTRAINT "ck_reports_source" CHECK (source IN ('user_notice', 'trusted_flagger', 'automated', 'staff')),
	CONSTRAINT "ck_reports_category" CHECK (category IN ('scam_fraud', 'fake_profile', 'harassment', 'hate', 'non_consensual_sexual_content', 'underage', 'spam', 'violence_threats', 'other')),
	CONSTRAINT "ck_reports_status" CHECK (status IN ('open', 'escalated', 'resolved')),
	CONSTRAINT "ck_reports_resolution" CHECK (resolution IS NULL OR resolution IN ('no_action', 'warned', 'visibility_restricted', 'suspended', 'terminated')),
	CONSTRAINT "ck_reports_resolved_fields" CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolution IS NOT NULL)),
	CONSTRAINT "ck_reports_resolved_after_created" CHECK (resolved_at IS NULL OR resolved_at >= created_at),
	CONSTRAINT "ck_reports_subject_record" CHECK ((subject_message_id IS NULL OR subject_kind = 'message') AND (subject_photo_index IS NULL OR (subject_kind = 'photo' AND subject_photo_index >= 0))),
	CONSTRAINT "ck_reports_reporter_source" CHECK (reporter_user_id IS NULL OR source = 'user_notice'),
	CONSTRAINT "ck_reports_reporter_text_length" CHECK (reporter_text IS NULL OR char_length(reporter_text) <= 5000)
);
--> statement-breakpoint
ALTER TABLE "compliance_logs" DROP CONSTRAINT "ck_compliance_logs_regulatory_framework";--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_reverses_action_id_moderation_actions_id_fk" FOREIGN KEY ("reverses_action_id") REFERENCES "public"."moderation_actions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_subject_message_id_messages_id_fk" FOREIGN KEY ("subject_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_action_id_moderation_actions_id_fk" FOREIGN KEY ("resolved_by_action_id") REFERENCES "public"."moderation_actions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_moderation_actions_subject_user_id_created_at" ON "moderation_actions" USING btree ("subject_user_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_moderation_actions_restrictive_subject_user_id" ON "moderation_actions" USING btree ("subject_user_id","starts_at") WHERE kind IN ('restrict_visibility', 'suspend', 'terminate');--> statement-breakpoint
CREATE UNIQUE INDEX "ix_moderation_actions_reverses_action_id" ON "moderation_actions" USING btree ("reverses_action_id") WHERE reverses_action_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ix_moderation_actions_staff_id" ON "moderation_actions" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "ix_moderation_actions_created_at" ON "moderation_actions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_reports_unresolved_subject_user_id_created_at" ON "reports" USING btree ("subject_user_id","created_at") WHERE status IN ('open', 'escalated');--> statement-breakpoint
CREATE INDEX "ix_reports_unresolved_status_created_at" ON "reports" USING btree ("status","created_at") WHERE status IN ('open', 'escalated');--> statement-breakpoint
CREATE INDEX "ix_reports_subject_user_id_created_at" ON "reports" USING btree ("subject_user_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_reports_created_at" ON "reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_reports_resolved_by_action_id" ON "reports" USING btree ("resolved_by_action_id");--> statement-breakpoint
CREATE INDEX "ix_reports_reporter_user_id" ON "reports" USING btree ("reporter_user_id");--> statement-breakpoint
CREATE INDEX "ix_reports_subject_message_id" ON "reports" USING btree ("subject_message_id");--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "ck_compliance_logs_regulatory_framework" CHECK (regulatory_framework IN ('gdpr', 'eu_ai_act', 'ccpa', 'sb_243', 'dsa'));

--> statement-breakpoint
-- A reversal undoes one earlier decision on the same account, of a kind that can be undone. Checked
-- here as well as by takeAction, so no writer (seed, script) can record a reversal of nothing.
CREATE OR REPLACE FUNCTION moderation_action_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target record;
BEGIN
  IF NEW.reverses_action_id IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT subject_user_id, kind, starts_at INTO target FROM moderation_actions WHERE id = NEW.reverses_action_id;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key reports it
  END IF;
  IF target.subject_user_id <> NEW.subject_user_id THEN
    RAISE EXCEPTION 'a reversal must concern the account of the action it reverses'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_moderation_actions_reverse_same_subject';
  END IF;
  IF target.kind NOT IN ('warn', 'restrict_visibility', 'suspend', 'terminate') THEN
    RAISE EXCEPTION 'a % cannot be reversed', target.kind
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_moderation_actions_reverse_kind';
  END IF;
  IF NEW.starts_at < target.starts_at THEN
    RAISE EXCEPTION 'a reversal cannot take effect before the action it reverses'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_moderation_actions_reverse_after_target';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER trg_moderation_actions_check_reversal BEFORE INSERT ON "moderation_actions" FOR EACH ROW EXECUTE FUNCTION moderation_action_check_reversal();
--> statement-breakpoint
-- Decisions are evidence (DSA Art. 17, 24): append-only like compliance_logs; a decision is undone by a reversal row.
CREATE TRIGGER trg_moderation_actions_append_only BEFORE UPDATE OR DELETE ON "moderation_actions" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_moderation_actions_no_truncate BEFORE TRUNCATE ON "moderation_actions" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
-- Every account restricted at p_at, with its strongest restriction: terminated > suspended (until the
-- latest end of the suspensions in force) > visibility restricted (until its latest end, or NULL when
-- one is open-ended). An action is in force from starts_at until ends_at (exclusive), unless a
-- reversal of it took effect at or before p_at, so an expired suspension ends by itself, with no job.
-- One SQL SELECT, STABLE, not STRICT or SECURITY DEFINER: PostgreSQL inlines it, so
-- "restricted_users(t) WHERE user_id = $1" and anti-joins against it use the per-user index.
CREATE OR REPLACE FUNCTION restricted_users(p_at timestamptz DEFAULT now())
RETURNS TABLE (user_id uuid, restriction text, restricted_until timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT a.subject_user_id,
    CASE
      WHEN bool_or(a.kind = 'terminate') THEN 'terminated'
      WHEN bool_or(a.kind = 'suspend') THEN 'suspended'
      ELSE 'visibility_restricted'
    END,
    CASE
      WHEN bool_or(a.kind = 'terminate') THEN NULL
      WHEN bool_or(a.kind = 'suspend') THEN max(a.ends_at) FILTER (WHERE a.kind = 'suspend')
      WHEN bool_or(a.ends_at IS NULL) THEN NULL
      ELSE max(a.ends_at)
    END
  FROM moderation_actions a
  WHERE a.kind IN ('restrict_visibility', 'suspend', 'terminate')
    AND a.starts_at <= p_at
    AND (a.ends_at IS NULL OR a.ends_at > p_at)
    AND NOT EXISTS (
      SELECT 1 FROM moderation_actions r WHERE r.reverses_action_id = a.id AND r.starts_at <= p_at
    )
  GROUP BY a.subject_user_id
$$;
