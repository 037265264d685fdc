import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { GET as exportRoute } from "../../app/api/moderation/statements/route";
import { GET as listRoute } from "../../app/api/moderation/statements/list/route";
import { runAsActor, type StaffActor } from "../../server/auth/actor";
import { statementLines, statementPeriod } from "../../server/moderation/statements/exportStatements";
import { planStatements, rowsOf, storeStatements } from "../../server/moderation/statements/statementSources";
import { validateStatementsRequest } from "../../server/moderation/statements/validateStatement";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertProfile, insertUser } from "../support/fixtures";

/**
 * The statements export: JSON Lines of request bodies for the multiple-statements endpoint, at
 * most 100 statements each, exactly the statements stored in the period; downloadable by roles
 * that read statements, refused to analysts.
 */
const database = useFreshDatabase();
let compliance: StaffActor;
let analyst: StaffActor;
let moderator: StaffActor;
const perDay = 25;

beforeAll(async () => {
  const db = database();
  compliance = await insertStaff(db, "compliance_officer");
  analyst = await insertStaff(db, "analyst");
  moderator = await insertStaff(db, "trust_safety");
  const user = await insertUser(db, "noor.h@example.test");
  await insertProfile(db, user, "Noor H.");
  await db.rows(sql`UPDATE users SET created_at = '2025-06-01T00:00:00Z' WHERE id = ${user}`);
  // 25 terminations a day on 1–10 January 2026, at 00:00, 12:00 … (the last one at 23:59:59.999999).
  await db.rows(sql`
    INSERT INTO moderation_actions (subject_user_id, kind, staff_id, category, ground, terms_clause, ground_explanation,
      facts, starts_at, created_at)
    SELECT ${user}, 'terminate', ${moderator.staffId}, 'spam', 'incompatible_content', 'Terms 6', 'Advertising',
      'Identical shop links sent to many members', at, at
    FROM generate_series(0, 9) AS d CROSS JOIN generate_series(1, ${perDay}) AS k
    CROSS JOIN LATERAL (SELECT CASE WHEN k = ${perDay} THEN timestamptz '2026-01-01T23:59:59.999999Z'
      ELSE timestamptz '2026-01-01T00:00:00Z' + interval '50 minutes' * (k - 1) END + interval '1 day' * d AS at) AS t`);
  const rows = rowsOf(db.db);
  await storeStatements(rows, await planStatements(rows, sql`true`));
});

async function exported(since: string, until?: string) {
  const counts = { statements: 0, lines: 0 };
  let text = "";
  const period = statementPeriod.parse({ since, until });
  for await (const chunk of statementLines(database(), period, counts, 30)) text += chunk;
  return { text, counts, lines: text.split("\n").filter(Boolean) };
}

const call = (actor: StaffActor, route: (request: Request) => Promise<Response>, query: string) =>
  runAsActor(actor, () => route(new Request(`http://backoffice.test/api/moderation/statements?${query}`)));

describe("statements export", () => {
  it("a closed period: every statement stored in it, 100 per line, each line a valid request body", async () => {
    const { lines, counts } = await exported("2026-01-03", "2026-01-07");
    // Five whole days (3rd to 7th, both included) of 25: 125 statements, lines of 100 and 25.
    expect(counts).toEqual({ statements: 125, lines: 2 });
    const bodies = lines.map((line) => JSON.parse(line) as { statements: { puid: string }[] });
    expect(bodies.map((b) => b.statements.length)).toEqual([100, 25]);
    for (const body of bodies) expect(validateStatementsRequest(body)).toEqual({ ok: true });
    const expected = await database().rows<{ puid: string }>(sql`
      SELECT puid FROM statements_of_reasons
      WHERE created_at >= '2026-01-03T00:00:00Z' AND created_at < '2026-01-08T00:00:00Z' ORDER BY created_at, id`);
    expect(bodies.flatMap((b) => b.statements.map((s) => s.puid))).toEqual(expected.map((r) => r.puid));
  });

  it("an open period runs to now; a period without statements is an empty file", async () => {
    expect((await exported("2026-01-09")).counts).toEqual({ statements: 2 * perDay, lines: 1 });
    expect(
      (await exported("2026-01-01")).lines.map((l) => (JSON.parse(l) as { statements: [] }).statements.length),
    ).toEqual([100, 100, 50]);
    expect(await exported("2027-01-01")).toEqual({ text: "", counts: { statements: 0, lines: 0 }, lines: [] });
  });

  it("bad dates are named: not a date, not YYYY-MM-DD, until before since, since missing", () => {
    const problems = (input: Record<string, string>) => {
      const result = statementPeriod.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(problems({ since: "2026-02-30" })).toEqual(["since: since must be a date as YYYY-MM-DD (e.g. 2026-01-31)"]);
    expect(problems({ since: "1/2/2026" })).toEqual(["since: since must be a date as YYYY-MM-DD (e.g. 2026-01-31)"]);
    expect(problems({ since: "2026-02-01", until: "2026-01-31" })).toEqual(["until: until must not be before since"]);
    expect(problems({})).toEqual(["since: since is required (YYYY-MM-DD)"]);
  });

  it("a compliance officer downloads the file, and the download is audited with its counts", async () => {
    const response = await call(compliance, exportRoute, "since=2026-01-10&until=2026-01-10");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="dsa-statements-2026-01-10-to-2026-01-10.jsonl"',
    );
    const lines = (await response.text()).split("\n").filter(Boolean);
    expect(lines.map((l) => (JSON.parse(l) as { statements: [] }).statements.length)).toEqual([perDay]);
    const [audit] = await database().rows<{ metadata: Record<string, unknown>; framework: string }>(sql`
      SELECT metadata, regulatory_framework AS framework FROM compliance_logs
      WHERE action_type = 'staff.statements_of_reasons.export' AND staff_id = ${compliance.staffId}`);
    expect(audit.framework).toBe("dsa");
    expect(audit.metadata).toMatchObject({ since: "2026-01-10", until: "2026-01-10", statements: perDay, lines: 1 });
  });

  it("an analyst is refused the download and the list (403), and nothing is audited", async () => {
    for (const route of [exportRoute, listRoute]) {
      const response = await call(analyst, route, "since=2026-01-01");
      expect(response.status).toBe(403);
    }
    const [row] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM compliance_logs WHERE staff_id = ${analyst.staffId}`,
    );
    expect(row.n).toBe(0);
  });

  it("a bad date is a 400 naming the parameter", async () => {
    const response = await call(compliance, exportRoute, "since=2026-13-01");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fieldErrors: Record<string, string> } };
    expect(body.error.fieldErrors.since).toMatch(/YYYY-MM-DD/);
  });

  it("the list pages newest first, each statement beside its member's notice and the person it concerns", async () => {
    const first = await call(compliance, listRoute, "since=2026-01-10&pageSize=20");
    const page = (await first.json()) as {
      rows: { puid: string; createdAt: string; notice: { title: string }; subjectUserId: string }[];
      people: Record<string, { name: string; email: string }>;
      nextCursor: string;
    };
    expect(page.rows).toHaveLength(20);
    expect(page.rows[0].createdAt).toBe("2026-01-10T23:59:59.999999Z");
    expect(page.rows[0].notice.title).toBe("We have closed your account");
    expect(page.people[page.rows[0].subjectUserId]).toMatchObject({ name: "Noor H.", email: "noor.h@example.test" });
    const second = await call(
      compliance,
      listRoute,
      `since=2026-01-10&pageSize=20&cursor=${encodeURIComponent(page.nextCursor)}`,
    );
    const rest = (await second.json()) as { rows: { puid: string }[]; nextCursor: string | null };
    expect(rest.rows).toHaveLength(perDay - 20);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...page.rows, ...rest.rows].map((r) => r.puid)).size).toBe(perDay);
  });
});
