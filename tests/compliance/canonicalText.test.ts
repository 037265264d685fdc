import { describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { useFreshDatabase } from "../support/database";

/**
 * docs/audit-format.md §3: a row's canonical text is what PostgreSQL prints for
 * jsonb_build_array(seq, id, user_id, staff_id, action_type, regulatory_framework, UTC time,
 * metadata, prev_hash). compliance_log_canonical() builds that text piece by piece (migration
 * 0017); jsonb_build_array itself is the oracle here, over values chosen to trip an encoder.
 */
const database = useFreshDatabase();

const texts = [
  "staff.users.update",
  'say "hi"',
  "back\\slash",
  "tab\there, newline\nthere, bell\u0007",
  "ünïcødé 🙂 </script> \u2028",
  "",
  "\u0001\u001f\u007f",
  "null",
];
const metadata = [
  {},
  { a: [true, false, 25.0, 1000], zz: "1.50", é: null, nested: { a: {}, b: "" } },
  { text: 'quote " and \\ and \n', list: [1, 2.5, null, { deep: ["x"] }] },
  { longer_key_first: 1, b: 2, aa: 3 },
];

const oracle = sql`jsonb_build_array(v.seq, v.id, v.user_id, v.staff_id, v.action_type, v.framework,
  to_char(v.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), v.metadata, v.prev_hash)::text`;
const built = sql`compliance_log_canonical(v.seq, v.id, v.user_id, v.staff_id, v.action_type, v.framework,
  v.ts, v.metadata, v.prev_hash)`;

async function compare(values: ReturnType<typeof sql>) {
  return database().rows<{ oracle: string | null; built: string | null }>(sql`
    SELECT ${oracle} AS oracle, ${built} AS built FROM (${values}) AS v`);
}

describe("the canonical text of a chained row", () => {
  it("is jsonb_build_array's text for awkward text, metadata, NULL ids and times", async () => {
    const rows = await compare(sql`
      SELECT s.i::bigint * 7919 AS seq, md5(s.i::text)::uuid AS id,
        CASE WHEN s.i % 2 = 0 THEN NULL ELSE md5('u' || s.i)::uuid END AS user_id,
        CASE WHEN s.i % 3 = 0 THEN NULL ELSE md5('s' || s.i)::uuid END AS staff_id,
        (${JSON.stringify(texts)}::jsonb ->> (s.i % ${texts.length}))::varchar(100) AS action_type,
        (${JSON.stringify(texts)}::jsonb ->> ((s.i + 3) % ${texts.length}))::varchar(20) AS framework,
        '2026-01-31 09:15:02.000417+00'::timestamptz + s.i * interval '1 day 1.000001 second' AS ts,
        ${JSON.stringify(metadata)}::jsonb -> (s.i % ${metadata.length}) AS metadata,
        CASE WHEN s.i % 5 = 0 THEN repeat('0', 64) ELSE encode(sha256(s.i::text::bytea), 'hex') END AS prev_hash
      FROM generate_series(1, 64) AS s(i)`);
    expect(rows).toHaveLength(64);
    for (const row of rows) expect(row.built).toBe(row.oracle);
    // Spot check against the text written out by hand in docs/audit-format.md's manner.
    expect(rows.some((r) => r.oracle!.includes('"say \\"hi\\""'))).toBe(true);
  });

  it("writes null for each SQL NULL, as jsonb_build_array does", async () => {
    const nulls = ["seq", "id", "user_id", "staff_id", "action_type", "framework", "ts", "metadata", "prev_hash"];
    for (const column of nulls) {
      const pick = (name: string, value: string) => (name === column ? `NULL::${value.split("::")[1]}` : value);
      const values = sql.raw(`SELECT ${pick("seq", "5::bigint")} AS seq,
        ${pick("id", "'0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a01'::uuid")} AS id,
        ${pick("user_id", "'8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e41'::uuid")} AS user_id,
        ${pick("staff_id", "'4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a51'::uuid")} AS staff_id,
        ${pick("action_type", "'x'::text")} AS action_type, ${pick("framework", "'gdpr'::text")} AS framework,
        ${pick("ts", "'2026-02-01 00:00:00.999999+00'::timestamptz")} AS ts,
        ${pick("metadata", `'{"k": 1}'::jsonb`)} AS metadata, ${pick("prev_hash", "'ab'::text")} AS prev_hash`);
      const [row] = await compare(values);
      expect(row.built, column).toBe(row.oracle);
      expect(row.built, column).toMatch(/null/);
    }
  });

  it("gives the worked example's text (docs/audit-format.md §4, row 2)", async () => {
    const [row] = await database().rows<{ text: string }>(sql`
      SELECT compliance_log_canonical(2, '0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a02', NULL, NULL, 'ai_transparency_notice',
        'eu_ai_act', '2026-01-31T09:15:02.120000Z',
        ${'{"a": [true, false, 25.0, 1000], "zz": 1.50, "é": null, "nested": {"a": {}, "b": ""}, "notice": "Café ✓ \\"KI\\" C:\\\\temp\\n\\u0001 🙂", "source": "platform", "channel": "web"}'}::jsonb,
        'a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693') AS text`);
    expect(row.text).toBe(
      '[2, "0b6f3c2e-5a41-4d7e-9c1a-6e2f8b3d4a02", null, null, "ai_transparency_notice", "eu_ai_act", "2026-01-31T09:15:02.120000Z", {"a": [true, false, 25.0, 1000], "zz": 1.50, "é": null, "nested": {"a": {}, "b": ""}, "notice": "Café ✓ \\"KI\\" C:\\\\temp\\n\\u0001 🙂", "source": "platform", "channel": "web"}, "a67053f04d26432865767513df6aa5f3afda6ebca01b52ebeda275e25271e693"]',
    );
  });

  it("chains rows whose hashes are those of jsonb_build_array's text", async () => {
    const db = database();
    for (const [i, text] of texts.entries()) {
      await db.rows(sql`INSERT INTO compliance_logs (action_type, metadata, regulatory_framework)
        VALUES (${text}, ${JSON.stringify(metadata[i % metadata.length])}::jsonb, 'gdpr')`);
    }
    await db.rows(sql`SELECT sequence_compliance_logs(1000, true)`);
    const [row] = await db.rows<{ rows: number; mismatched: number }>(sql`
      SELECT count(*)::int AS rows, count(*) FILTER (WHERE encode(digest(jsonb_build_array(seq, id, user_id, staff_id,
        action_type, regulatory_framework, to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        metadata, prev_hash)::text, 'sha256'), 'hex') <> hash)::int AS mismatched
      FROM compliance_logs WHERE seq > 0`);
    expect(row.rows).toBeGreaterThanOrEqual(texts.length);
    expect(row.mismatched).toBe(0);
  });
});
