CREATE TABLE "moderation_queue_subjects" (
	"subject_user_id" uuid PRIMARY KEY NOT NULL,
	"report_count" integer NOT NULL,
	"escalated" boolean NOT NULL,
	"category_bits" integer NOT NULL,
	"source_bits" integer NOT NULL,
	"oldest_at" timestamp with time zone NOT NULL,
	"oldest_by_category" timestamp with time zone[] NOT NULL
);
--> statement-breakpoint
-- Written by hand from here: the queue's cache is kept by statement triggers on reports. The
-- category and source orders are those of db/schema/enums.ts (bit i, array element i + 1); a test
-- compares these functions with the TypeScript lists.
CREATE FUNCTION moderation_report_categories() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['scam_fraud', 'fake_profile', 'harassment', 'hate', 'non_consensual_sexual_content', 'underage', 'spam', 'violence_threats', 'other']::text[]
$$;
--> statement-breakpoint
CREATE FUNCTION moderation_report_sources() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['user_notice', 'trusted_flagger', 'automated', 'staff']::text[]
$$;
--> statement-breakpoint
-- Recomputes the given subjects' rows from their unresolved reports. Refreshes of one subject are
-- serialised by a transaction-scoped advisory lock taken in id order (no deadlock between two
-- refreshes); under READ COMMITTED each statement below then sees the commit of whichever refresh
-- held the lock before, so the last refresh of a subject always counts every committed report.
CREATE FUNCTION refresh_moderation_queue_subjects(subjects uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF cardinality(subjects) = 0 THEN RETURN; END IF;
	PERFORM pg_advisory_xact_lock(hashtextextended('moderation_queue_subjects:' || s::text, 0))
	FROM (SELECT DISTINCT s FROM unnest(subjects) AS s ORDER BY s) AS sorted;
	DELETE FROM moderation_queue_subjects WHERE subject_user_id = ANY (subjects);
	INSERT INTO moderation_queue_subjects (subject_user_id, report_count, escalated, category_bits, source_bits, oldest_at, oldest_by_category)
	WITH per_category AS (
		SELECT r.subject_user_id, array_position(moderation_report_categories(), r.category::text) AS position,
			count(*)::int AS n, bool_or(r.status = 'escalated') AS escalated,
			bit_or(1 << (array_position(moderation_report_sources(), r.source::text) - 1)) AS source_bits,
			min(r.created_at) AS oldest_at
		FROM reports r
		WHERE r.status IN ('open', 'escalated') AND r.subject_user_id = ANY (subjects)
		GROUP BY 1, 2
	), grid AS (
		SELECT s.subject_user_id, c.position, p.n, p.escalated, p.source_bits, p.oldest_at
		FROM (SELECT DISTINCT subject_user_id FROM per_category) s
		CROSS JOIN generate_series(1, cardinality(moderation_report_categories())) AS c(position)
		LEFT JOIN per_category p ON p.subject_user_id = s.subject_user_id AND p.position = c.position
	)
	SELECT subject_user_id, sum(n)::int, coalesce(bool_or(escalated), false),
		coalesce(bit_or(CASE WHEN n IS NOT NULL THEN 1 << (position - 1) END), 0), coalesce(bit_or(source_bits), 0),
		min(oldest_at), array_agg(oldest_at ORDER BY position)
	FROM grid GROUP BY subject_user_id;
END $$;
--> statement-breakpoint
-- Only changes that can move an item: a new or removed unresolved report, or a change of status,
-- category, source, time or subject of one that was or is unresolved.
CREATE FUNCTION moderation_queue_reports_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM refresh_moderation_queue_subjects(ARRAY(
			SELECT DISTINCT subject_user_id FROM new_reports WHERE status IN ('open', 'escalated')));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM refresh_moderation_queue_subjects(ARRAY(
			SELECT DISTINCT subject_user_id FROM old_reports WHERE status IN ('open', 'escalated')));
	ELSE
		PERFORM refresh_moderation_queue_subjects(ARRAY(
			SELECT DISTINCT changed.subject_user_id
			FROM old_reports o JOIN new_reports n ON n.id = o.id
			CROSS JOIN LATERAL (VALUES (o.subject_user_id), (n.subject_user_id)) AS changed(subject_user_id)
			WHERE (o.status IN ('open', 'escalated') OR n.status IN ('open', 'escalated'))
				AND (o.status, o.category, o.source, o.created_at, o.subject_user_id)
					IS DISTINCT FROM (n.status, n.category, n.source, n.created_at, n.subject_user_id)));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER moderation_queue_reports_inserted AFTER INSERT ON reports
	REFERENCING NEW TABLE AS new_reports FOR EACH STATEMENT EXECUTE FUNCTION moderation_queue_reports_changed();
--> statement-breakpoint
CREATE TRIGGER moderation_queue_reports_updated AFTER UPDATE ON reports
	REFERENCING OLD TABLE AS old_reports NEW TABLE AS new_reports FOR EACH STATEMENT EXECUTE FUNCTION moderation_queue_reports_changed();
--> statement-breakpoint
CREATE TRIGGER moderation_queue_reports_deleted AFTER DELETE ON reports
	REFERENCING OLD TABLE AS old_reports FOR EACH STATEMENT EXECUTE FUNCTION moderation_queue_reports_changed();
--> statement-breakpoint
CREATE FUNCTION moderation_queue_reports_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM moderation_queue_subjects;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER moderation_queue_reports_truncated AFTER TRUNCATE ON reports
	FOR EACH STATEMENT EXECUTE FUNCTION moderation_queue_reports_truncated();
--> statement-breakpoint
SELECT refresh_moderation_queue_subjects(ARRAY(
	SELECT DISTINCT subject_user_id FROM reports WHERE status IN ('open', 'escalated')));
