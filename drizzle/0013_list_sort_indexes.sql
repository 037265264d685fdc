CREATE INDEX "ix_attachment_assessments_style_id" ON "attachment_assessments" USING btree ("style","id");--> statement-breakpoint
CREATE INDEX "ix_attachment_assessments_anxiety_score_id" ON "attachment_assessments" USING btree ("anxiety_score","id");--> statement-breakpoint
CREATE INDEX "ix_attachment_assessments_avoidance_score_id" ON "attachment_assessments" USING btree ("avoidance_score","id");--> statement-breakpoint
CREATE INDEX "ix_profiles_name_user_id" ON "profiles" USING btree ("name","user_id");--> statement-breakpoint
CREATE INDEX "ix_profiles_age_user_id" ON "profiles" USING btree ("age","user_id");--> statement-breakpoint
CREATE INDEX "ix_profiles_completeness_score_user_id" ON "profiles" USING btree ("completeness_score","user_id");--> statement-breakpoint
CREATE INDEX "ix_profiles_gender_user_id" ON "profiles" USING btree ("gender","user_id");--> statement-breakpoint
CREATE INDEX "ix_users_subscription_tier_id" ON "users" USING btree ("subscription_tier","id");--> statement-breakpoint
CREATE INDEX "ix_users_last_login_at_id" ON "users" USING btree (coalesce("last_login_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "ix_matches_status_id" ON "matches" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "ix_matches_compatibility_score_id" ON "matches" USING btree ("compatibility_score","id");--> statement-breakpoint
CREATE INDEX "ix_ai_interactions_ai_type_id" ON "ai_interactions" USING btree ("ai_type","id");--> statement-breakpoint
CREATE INDEX "ix_compliance_logs_action_type_id" ON "compliance_logs" USING btree ("action_type","id");--> statement-breakpoint
CREATE INDEX "ix_consent_logs_consent_type_id" ON "consent_logs" USING btree ("consent_type","id");--> statement-breakpoint
CREATE INDEX "ix_payments_created_at_id" ON "payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "ix_payments_amount_id" ON "payments" USING btree ("amount","id");--> statement-breakpoint
CREATE INDEX "ix_payments_type_id" ON "payments" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "ix_payments_status_id" ON "payments" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "ix_payments_stripe_payment_id" ON "payments" USING btree ("stripe_payment_id");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_tier_id" ON "subscriptions" USING btree ("tier","id");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_status_id" ON "subscriptions" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_current_period_start_id" ON "subscriptions" USING btree (coalesce("current_period_start", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_current_period_end_id" ON "subscriptions" USING btree (coalesce("current_period_end", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "ix_event_registrations_status_id" ON "event_registrations" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "ix_events_title_id" ON "events" USING btree ("title","id");--> statement-breakpoint
CREATE INDEX "ix_events_type_id" ON "events" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "ix_events_end_time_id" ON "events" USING btree ("end_time","id");--> statement-breakpoint
CREATE INDEX "ix_events_capacity_id" ON "events" USING btree ("capacity","id");--> statement-breakpoint
CREATE INDEX "ix_events_price_id" ON "events" USING btree ("price","id");--> statement-breakpoint
CREATE INDEX "ix_reports_source_resolved_at" ON "reports" USING btree ("source","resolved_at");