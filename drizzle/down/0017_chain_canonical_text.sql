-- Down migration for 0017_chain_canonical_text: the canonical text rendered by jsonb_build_array
-- again (migration 0001's definition; the same text, so no hash changes).
CREATE OR REPLACE FUNCTION compliance_log_canonical(
  p_seq bigint, p_id uuid, p_user_id uuid, p_staff_id uuid, p_action_type text, p_framework text,
  p_timestamp timestamptz, p_metadata jsonb, p_prev_hash text
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_array(p_seq, p_id, p_user_id, p_staff_id, p_action_type, p_framework,
    to_char(p_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_metadata, p_prev_hash)::text
$$;
