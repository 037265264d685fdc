-- Reviewed by hand: extensions first (PostGIS for geography, pgcrypto for gen_random_uuid/digest),
-- and drizzle-kit quotes custom types it does not know, so geography(Point,4326) is unquoted here.
CREATE EXTENSION IF NOT EXISTS postgis;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
CREATE TABLE "attachment_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"anxiety_score" double precision NOT NULL,
	"avoidance_score" double precision NOT NULL,
	"style" varchar(20) NOT NULL,
	"assessment_version" varchar(20) DEFAULT '1.0' NOT NULL,
	"total_questions" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_attachment_assessments_style" CHECK (style IN ('secure', 'anxious', 'avoidant', 'fearful-avoidant')),
	CONSTRAINT "ck_attachment_assessments_anxiety_range" CHECK (anxiety_score >= 0 AND anxiety_score <= 100),
	CONSTRAINT "ck_attachment_assessments_avoidance_range" CHECK (avoidance_score >= 0 AND avoidance_score <= 100),
	CONSTRAINT "ck_attachment_assessments_questions_positive" CHECK (total_questions > 0)
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"age" integer NOT NULL,
	"gender" varchar(50) NOT NULL,
	"bio" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" geography(Point,4326),
	"completeness_score" double precision DEFAULT 0 NOT NULL,
	"looking_for_gender" varchar(50),
	"min_age" integer DEFAULT 18 NOT NULL,
	"max_age" integer DEFAULT 99 NOT NULL,
	"max_distance_km" integer DEFAULT 50 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_profiles_age_adult" CHECK (age >= 18 AND age <= 120),
	CONSTRAINT "ck_profiles_completeness_range" CHECK (completeness_score >= 0 AND completeness_score <= 100),
	CONSTRAINT "ck_profiles_min_age_adult" CHECK (min_age >= 18),
	CONSTRAINT "ck_profiles_age_preference_order" CHECK (min_age <= max_age),
	CONSTRAINT "ck_profiles_max_distance_positive" CHECK (max_distance_km > 0 AND max_distance_km <= 20000),
	CONSTRAINT "ck_profiles_photos_array" CHECK (jsonb_typeof(photos) = 'array')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(255) NOT NULL,
	"password_hash" varchar(255) NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"subscription_tier" varchar(20) DEFAULT 'free' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "ck_users_subscription_tier" CHECK (subscription_tier IN ('free', 'premium', 'elite'))
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_a_id" uuid NOT NULL,
	"user_b_id" uuid NOT NULL,
	"compatibility_score" double precision NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "different_users" CHECK (user_a_id <> user_b_id),
	CONSTRAINT "valid_score" CHECK (compatibility_score >= 0 AND compatibility_score <= 100),
	CONSTRAINT "ck_matches_status" CHECK (status IN ('pending', 'liked', 'passed', 'matched', 'unmatched'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_user_id" uuid NOT NULL,
	"to_user_id" uuid NOT NULL,
	"content" text NOT NULL,
	"read_at" timestamp with time zone,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_messages_different_users" CHECK (from_user_id <> to_user_id),
	CONSTRAINT "ck_messages_read_after_sent" CHECK (read_at IS NULL OR read_at >= sent_at)
);
--> statement-breakpoint
CREATE TABLE "ai_interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ai_type" varchar(50) NOT NULL,
	"disclosure_shown" boolean DEFAULT false NOT NULL,
	"user_consented" boolean DEFAULT false NOT NULL,
	"session_id" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"staff_id" uuid,
	"action_type" varchar(100) NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"regulatory_framework" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_compliance_logs_regulatory_framework" CHECK (regulatory_framework IN ('gdpr', 'eu_ai_act', 'ccpa', 'sb_243')),
	CONSTRAINT "ck_compliance_logs_metadata_object" CHECK (jsonb_typeof(metadata) = 'object')
);
--> statement-breakpoint
CREATE TABLE "consent_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"consent_type" varchar(50) NOT NULL,
	"granted" boolean NOT NULL,
	"consent_text" text,
	"ip_address" varchar(45),
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"amount" numeric(10, 2) NOT NULL,
	"type" varchar(50) NOT NULL,
	"stripe_payment_id" varchar(255),
	"stripe_invoice_id" varchar(255),
	"status" varchar(20) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_payments_amount_non_negative" CHECK (amount >= 0),
	CONSTRAINT "ck_payments_status" CHECK (status IN ('succeeded', 'pending', 'failed', 'refunded'))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"tier" varchar(20) NOT NULL,
	"stripe_subscription_id" varchar(255),
	"stripe_customer_id" varchar(255),
	"status" varchar(20) NOT NULL,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_subscriptions_tier" CHECK (tier IN ('free', 'premium', 'elite')),
	CONSTRAINT "ck_subscriptions_status" CHECK (status IN ('active', 'canceled', 'past_due', 'trialing')),
	CONSTRAINT "ck_subscriptions_period_order" CHECK (current_period_end IS NULL OR current_period_start IS NULL OR current_period_end > current_period_start)
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" varchar(20) DEFAULT 'registered' NOT NULL,
	"payment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_event_registrations_status" CHECK (status IN ('registered', 'attended', 'no_show', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text,
	"type" varchar(50) NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"price" numeric(10, 2) DEFAULT '0.00' NOT NULL,
	"host_name" varchar(100),
	"video_url" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valid_event_duration" CHECK (end_time > start_time),
	CONSTRAINT "positive_capacity" CHECK (capacity > 0),
	CONSTRAINT "non_negative_price" CHECK (price >= 0)
);
--> statement-breakpoint
CREATE TABLE "staff_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(255) NOT NULL,
	"name" varchar(100) NOT NULL,
	"password_hash" varchar(255) NOT NULL,
	"role" varchar(30) NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "ck_staff_accounts_role" CHECK (role IN ('admin', 'trust_safety', 'compliance_officer', 'analyst'))
);
--> statement-breakpoint
ALTER TABLE "attachment_assessments" ADD CONSTRAINT "attachment_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_user_a_id_users_id_fk" FOREIGN KEY ("user_a_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_user_b_id_users_id_fk" FOREIGN KEY ("user_b_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_interactions" ADD CONSTRAINT "ai_interactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "compliance_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_logs" ADD CONSTRAINT "compliance_logs_staff_id_staff_accounts_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_logs" ADD CONSTRAINT "consent_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ix_attachment_assessments_user_id" ON "attachment_assessments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_attachment_assessments_style" ON "attachment_assessments" USING btree ("style");--> statement-breakpoint
CREATE INDEX "ix_profiles_user_id" ON "profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_profiles_location" ON "profiles" USING gist ("location");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_users_email" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "ix_users_subscription_tier" ON "users" USING btree ("subscription_tier");--> statement-breakpoint
CREATE INDEX "ix_users_created_at_id" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "ix_users_tier_created_at_id" ON "users" USING btree ("subscription_tier","created_at","id");--> statement-breakpoint
CREATE INDEX "ix_matches_user_a_id" ON "matches" USING btree ("user_a_id");--> statement-breakpoint
CREATE INDEX "ix_matches_user_b_id" ON "matches" USING btree ("user_b_id");--> statement-breakpoint
CREATE INDEX "ix_matches_status" ON "matches" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_matches_pair" ON "matches" USING btree (least("user_a_id", "user_b_id"),greatest("user_a_id", "user_b_id"));--> statement-breakpoint
CREATE INDEX "ix_messages_from_user_id" ON "messages" USING btree ("from_user_id");--> statement-breakpoint
CREATE INDEX "ix_messages_to_user_id" ON "messages" USING btree ("to_user_id");--> statement-breakpoint
CREATE INDEX "ix_messages_sent_at" ON "messages" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "ix_ai_interactions_user_id" ON "ai_interactions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_ai_interactions_ai_type" ON "ai_interactions" USING btree ("ai_type");--> statement-breakpoint
CREATE INDEX "ix_ai_interactions_created_at" ON "ai_interactions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_user_id" ON "compliance_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_action_type" ON "compliance_logs" USING btree ("action_type");--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_timestamp" ON "compliance_logs" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_staff_id" ON "compliance_logs" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "ix_consent_logs_user_id" ON "consent_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_consent_logs_consent_type" ON "consent_logs" USING btree ("consent_type");--> statement-breakpoint
CREATE INDEX "ix_payments_user_id" ON "payments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_payments_created_at" ON "payments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_payments_status" ON "payments" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_subscriptions_user_id" ON "subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_status" ON "subscriptions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_event_registrations_event_id" ON "event_registrations" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ix_event_registrations_user_id" ON "event_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_event_registrations_event_user" ON "event_registrations" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_event_registrations_payment_id" ON "event_registrations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "ix_events_type" ON "events" USING btree ("type");--> statement-breakpoint
CREATE INDEX "ix_events_start_time" ON "events" USING btree ("start_time");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_staff_accounts_email" ON "staff_accounts" USING btree ("email");--> statement-breakpoint
CREATE INDEX "ix_staff_accounts_role" ON "staff_accounts" USING btree ("role");

--> statement-breakpoint
-- updated_at is kept current by the database, whatever client writes the row.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER trg_users_updated_at BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_profiles_updated_at BEFORE UPDATE ON "profiles" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_attachment_assessments_updated_at BEFORE UPDATE ON "attachment_assessments" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_matches_updated_at BEFORE UPDATE ON "matches" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_subscriptions_updated_at BEFORE UPDATE ON "subscriptions" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_events_updated_at BEFORE UPDATE ON "events" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_event_registrations_updated_at BEFORE UPDATE ON "event_registrations" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER trg_staff_accounts_updated_at BEFORE UPDATE ON "staff_accounts" FOR EACH ROW EXECUTE FUNCTION set_updated_at();
