-- Generated, then reviewed by hand: claims on queue items, and statements of reasons (append-only
-- evidence, refused UPDATE, DELETE and TRUNCATE by the same trigger function as the decisions).
CREATE TABLE "moderation_claims" (
	"subject_user_id" uuid PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_moderation_claims_active_after_claimed" CHECK (last_active_at >= claimed_at)
);
--> statement-breakpoint
CREATE TABLE "statements_of_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"puid" varchar(500) NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_statements_of_reasons_puid" CHECK (puid ~ '^[A-Za-z0-9_-]+$'),
	CONSTRAINT "ck_statements_of_reasons_body_object" CHECK (jsonb_typeof(body) = 'object')
);
--> statement-breakpoint
ALTER TABLE "moderation_claims" ADD CONSTRAINT "moderation_claims_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_claims" ADD CONSTRAINT "moderation_claims_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements_of_reasons" ADD CONSTRAINT "statements_of_reasons_action_id_moderation_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."moderation_actions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_moderation_claims_staff_id" ON "moderation_claims" USING btree ("staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_statements_of_reasons_action_id" ON "statements_of_reasons" USING btree ("action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_statements_of_reasons_puid" ON "statements_of_reasons" USING btree ("puid");--> statement-breakpoint
CREATE INDEX "ix_statements_of_reasons_created_at_id" ON "statements_of_reasons" USING btree ("created_at","id");
--> statement-breakpoint
CREATE TRIGGER trg_statements_of_reasons_append_only BEFORE UPDATE OR DELETE ON "statements_of_reasons" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
--> statement-breakpoint
CREATE TRIGGER trg_statements_of_reasons_no_truncate BEFORE TRUNCATE ON "statements_of_reasons" FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
