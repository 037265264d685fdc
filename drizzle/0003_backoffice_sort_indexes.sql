CREATE INDEX "ix_attachment_assessments_created_at" ON "attachment_assessments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_profiles_created_at" ON "profiles" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_matches_created_at" ON "matches" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_subscriptions_created_at" ON "subscriptions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ix_event_registrations_created_at" ON "event_registrations" USING btree ("created_at");