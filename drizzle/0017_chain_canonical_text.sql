-- Reviewed by hand. The same canonical text, built with less work (issue #11 §3: verification
-- ≥ 300,000 rows/s; the sequencer and its check hash every row too). compliance_log_canonical()
-- rendered jsonb_build_array(…)::text, which copied every row's metadata into a new jsonb array
-- only to print it again. The text is now put together directly, as jsonb prints an array: "[",
-- the values separated by ", ", "]"; text escaped by to_json (the escape_json that jsonb's output
-- uses), uuids and the UTC timestamp (which never need escaping) put in quotes as they are, the
-- metadata as jsonb prints it, SQL NULL as null. Byte for byte the old text for every input
-- (tests/compliance/canonicalText.test.ts holds jsonb_build_array as the oracle), so no hash changes.
CREATE OR REPLACE FUNCTION compliance_log_canonical(
  p_seq bigint, p_id uuid, p_user_id uuid, p_staff_id uuid, p_action_type text, p_framework text,
  p_timestamp timestamptz, p_metadata jsonb, p_prev_hash text
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT '[' || coalesce(p_seq::text, 'null')
    || ', ' || coalesce('"' || p_id::text || '"', 'null')
    || ', ' || coalesce('"' || p_user_id::text || '"', 'null')
    || ', ' || coalesce('"' || p_staff_id::text || '"', 'null')
    || ', ' || coalesce(to_json(p_action_type)::text, 'null')
    || ', ' || coalesce(to_json(p_framework)::text, 'null')
    || ', ' || coalesce('"' || to_char(p_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"', 'null')
    || ', ' || coalesce(p_metadata::text, 'null')
    || ', ' || coalesce(to_json(p_prev_hash)::text, 'null') || ']'
$$;
