import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { chainHead } from "../../server/audit/chain";
import { complianceLogExport, consentLogExport } from "../../server/compliance/exportSources";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertStaff } from "./support";

/**
 * docs/audit-format.md §5: a JSON Lines export's line is the text PostgreSQL's json_build_object
 * prints. The export writes it member by member (faster); the oracle here is json_build_object
 * itself, over values chosen to trip an encoder: quotes, backslashes, control characters, non-ASCII,
 * NULLs, booleans, nested jsonb.
 */
const database = useFreshDatabase();

const awkward = [
  'say "hi"',
  "back\\slash",
  "tab\there, newline\nthere, bell\u0007",
  "ünïcødé 🙂 </script>",
  "",
  "\u0001\u001f\u007f",
];

beforeAll(async () => {
  const db = database();
  const staff = await insertStaff(db);
  const user = await insertUser(db);
  for (const [i, text] of awkward.entries()) {
    const metadata = JSON.stringify({ text, nested: { list: [1, 2.5, null, true], text }, i });
    await db.rows(sql`INSERT INTO compliance_logs (user_id, staff_id, action_type, metadata, regulatory_framework)
      VALUES (${i % 2 ? user : null}, ${i % 3 ? staff.staffId : null}, ${`action ${text}`}, ${metadata}::jsonb, 'gdpr')`);
    await db.rows(sql`INSERT INTO consent_logs (user_id, consent_type, granted, consent_text, ip_address, notice_version, collection_method, jurisdiction)
      VALUES (${user}, ${`type ${i}`}, ${i % 2 === 0}, ${i === 4 ? null : text}, ${i % 2 ? "2001:db8::1" : null},
        ${i % 3 ? `v${i}` : null}, 'signup_form', ${i % 2 ? "DE" : null})`);
  }
});

async function exportedLines(query: ReturnType<typeof complianceLogExport>): Promise<string[]> {
  const rows = await database().rows<{ line: string }>(query.page(undefined, 1000));
  return rows.map((row) => row.line);
}

describe("JSON Lines exports", () => {
  it("write each compliance_logs line exactly as json_build_object prints it", async () => {
    const head = await chainHead(database());
    const lines = await exportedLines(complianceLogExport({}, "jsonl", head.seq));
    const expected = await database().rows<{ line: string }>(sql`
      SELECT json_build_object('seq', seq, 'id', id,
        'timestamp', to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'user_id', user_id, 'staff_id', staff_id, 'action_type', action_type,
        'regulatory_framework', regulatory_framework, 'metadata', metadata,
        'prev_hash', prev_hash, 'hash', hash)::text AS line
      FROM compliance_logs WHERE seq > 0 ORDER BY seq`);
    expect(lines.length).toBeGreaterThanOrEqual(awkward.length);
    expect(lines).toEqual(expected.map((row) => row.line));
    // And each is JSON holding the stored text, escapes and all.
    const actions = lines.map((line) => (JSON.parse(line) as { action_type: string }).action_type);
    for (const text of awkward) expect(actions).toContain(`action ${text}`);
  });

  it("write each consent_logs line exactly as json_build_object prints it", async () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const lines = await exportedLines(consentLogExport({}, "jsonl", until));
    const expected = await database().rows<{ line: string }>(sql`
      SELECT json_build_object('id', id,
        'timestamp', to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'user_id', user_id, 'consent_type', consent_type, 'granted', granted,
        'consent_text', consent_text, 'notice_version', notice_version,
        'collection_method', collection_method, 'jurisdiction', jurisdiction,
        'ip_address', ip_address)::text AS line
      FROM consent_logs ORDER BY "timestamp", id`);
    expect(lines).toHaveLength(awkward.length);
    expect(lines).toEqual(expected.map((row) => row.line));
    const parsed = lines.map((line) => JSON.parse(line) as { granted: boolean; consent_text: string | null });
    expect(parsed.map((p) => p.granted)).toEqual(expect.arrayContaining([true, false]));
    expect(parsed.map((p) => p.consent_text)).toContain(null);
  });
});
