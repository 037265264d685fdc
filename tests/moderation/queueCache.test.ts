import { describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { reportCategories, reportSources, type ReportCategory, type ReportSource } from "../../db/schema/enums";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";

/**
 * moderation_queue_subjects, the queue's per-subject cache kept by triggers on reports, against the
 * reports themselves: after every kind of write (multi-row inserts, escalation, resolution, a change
 * of category, source, time or subject, deletes, truncation) each subject with unresolved reports
 * has exactly one row whose figures are those the test works out from the reports in TypeScript.
 */
const database = useFreshDatabase();

type ReportRow = {
  subject_user_id: string;
  category: ReportCategory;
  source: ReportSource;
  status: string;
  created_at: string;
};

type CacheRow = {
  subject_user_id: string;
  report_count: number;
  escalated: boolean;
  category_bits: number;
  source_bits: number;
  oldest_at: string;
  oldest_by_category: (string | null)[];
};

const iso = (text: string | null) => (text === null ? null : new Date(text).toISOString());

/** What the cache must hold, worked out from the reports without SQL aggregates. */
async function expectedCache(): Promise<Map<string, Omit<CacheRow, "subject_user_id">>> {
  const reports = await database().rows<ReportRow>(
    sql`SELECT subject_user_id::text AS subject_user_id, category, source, status, created_at::text AS created_at FROM reports`,
  );
  const expected = new Map<string, Omit<CacheRow, "subject_user_id">>();
  for (const report of reports) {
    if (report.status === "resolved") continue;
    const at = iso(report.created_at)!;
    const row = expected.get(report.subject_user_id) ?? {
      report_count: 0,
      escalated: false,
      category_bits: 0,
      source_bits: 0,
      oldest_at: at,
      oldest_by_category: reportCategories.map(() => null),
    };
    const c = reportCategories.indexOf(report.category);
    row.report_count++;
    row.escalated ||= report.status === "escalated";
    row.category_bits |= 1 << c;
    row.source_bits |= 1 << reportSources.indexOf(report.source);
    if (at < row.oldest_at) row.oldest_at = at;
    const oldest = row.oldest_by_category[c];
    if (oldest === null || at < oldest) row.oldest_by_category[c] = at;
    expected.set(report.subject_user_id, row);
  }
  return expected;
}

async function cache(): Promise<Map<string, Omit<CacheRow, "subject_user_id">>> {
  const rows = await database().rows<CacheRow & { oldest_by_category: string }>(sql`
    SELECT subject_user_id::text AS subject_user_id, report_count, escalated, category_bits, source_bits,
      oldest_at::text AS oldest_at, to_json(oldest_by_category)::text AS oldest_by_category
    FROM moderation_queue_subjects`);
  return new Map(
    rows.map(({ subject_user_id, oldest_by_category, ...row }) => [
      subject_user_id,
      {
        ...row,
        report_count: Number(row.report_count),
        category_bits: Number(row.category_bits),
        source_bits: Number(row.source_bits),
        oldest_at: iso(row.oldest_at)!,
        oldest_by_category: (JSON.parse(oldest_by_category) as (string | null)[]).map(iso),
      },
    ]),
  );
}

async function expectCacheMatchesReports() {
  expect(Object.fromEntries(await cache())).toEqual(Object.fromEntries(await expectedCache()));
}

async function insertReports(
  rows: { subject: string; category: ReportCategory; source?: ReportSource; hoursAgo: number; status?: string }[],
) {
  await database().rows(sql`
    INSERT INTO reports (subject_kind, subject_user_id, source, category, created_at, status, resolution, resolved_at)
    SELECT 'user', subject, source, category, now() - make_interval(hours => hours_ago), status,
      CASE WHEN status = 'resolved' THEN 'no_action' END, CASE WHEN status = 'resolved' THEN now() END
    FROM json_to_recordset(${JSON.stringify(
      rows.map((r) => ({
        subject: r.subject,
        category: r.category,
        source: r.source ?? "user_notice",
        hours_ago: r.hoursAgo,
        status: r.status ?? "open",
      })),
    )}::json) AS v(subject uuid, category text, source text, hours_ago int, status text)`);
}

describe("moderation queue cache", () => {
  it("numbers categories and sources as db/schema/enums.ts does", async () => {
    const [row] = await database().rows<{ categories: string; sources: string }>(
      sql`SELECT to_json(moderation_report_categories())::text AS categories, to_json(moderation_report_sources())::text AS sources`,
    );
    expect(JSON.parse(row.categories)).toEqual([...reportCategories]);
    expect(JSON.parse(row.sources)).toEqual([...reportSources]);
  });

  it("follows inserts, escalation, resolution, changed fields, deletes and truncation", async () => {
    const db = database();
    const [a, b, c] = [await insertUser(db), await insertUser(db), await insertUser(db)];
    await insertReports([
      { subject: a, category: "scam_fraud", hoursAgo: 5 },
      { subject: a, category: "scam_fraud", hoursAgo: 1, source: "automated" },
      { subject: a, category: "underage", hoursAgo: 3, source: "trusted_flagger" },
      { subject: b, category: "spam", hoursAgo: 30 },
      { subject: c, category: "hate", hoursAgo: 2, status: "resolved" },
    ]);
    // c's only report is resolved: no item.
    expect((await cache()).has(c)).toBe(false);
    expect((await cache()).get(a)?.report_count).toBe(3);
    await expectCacheMatchesReports();

    await db.rows(sql`UPDATE reports SET status = 'escalated' WHERE subject_user_id = ${b}`);
    expect((await cache()).get(b)?.escalated).toBe(true);
    await expectCacheMatchesReports();

    // Resolving a's oldest scam report moves a's oldest scam time to the next one.
    await db.rows(sql`
      UPDATE reports SET status = 'resolved', resolution = 'no_action', resolved_at = now()
      WHERE id = (SELECT id FROM reports WHERE subject_user_id = ${a} AND category = 'scam_fraud' ORDER BY created_at LIMIT 1)`);
    expect((await cache()).get(a)?.report_count).toBe(2);
    await expectCacheMatchesReports();

    // A change of category, source, time and subject in one statement.
    await db.rows(sql`
      UPDATE reports SET category = 'harassment', source = 'staff', created_at = created_at - interval '1 day',
        subject_user_id = ${c}
      WHERE subject_user_id = ${a} AND category = 'underage'`);
    expect((await cache()).get(c)?.category_bits).toBe(1 << reportCategories.indexOf("harassment"));
    await expectCacheMatchesReports();

    // Reopening a resolved report brings it back; an edit of an unrelated column changes nothing.
    await db.rows(
      sql`UPDATE reports SET status = 'open', resolution = NULL, resolved_at = NULL WHERE status = 'resolved'`,
    );
    await db.rows(sql`UPDATE reports SET reporter_text = 'edited'`);
    await expectCacheMatchesReports();

    await db.rows(sql`DELETE FROM reports WHERE subject_user_id = ${b}`);
    expect((await cache()).has(b)).toBe(false);
    await expectCacheMatchesReports();

    await db.exec(`TRUNCATE reports CASCADE`);
    expect((await cache()).size).toBe(0);
  });

  it("stays right under many random writes", async () => {
    const db = database();
    const people = await Promise.all(Array.from({ length: 6 }, () => insertUser(db)));
    // A fixed pseudo-random sequence (LCG), so a failure repeats.
    let state = 7;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    for (let step = 0; step < 40; step++) {
      const person = people[next(people.length)];
      switch (next(4)) {
        case 0:
          await insertReports(
            Array.from({ length: 1 + next(3) }, () => ({
              subject: people[next(people.length)],
              category: reportCategories[next(reportCategories.length)],
              source: reportSources[next(reportSources.length)],
              hoursAgo: next(100),
              status: ["open", "escalated", "resolved"][next(3)],
            })),
          );
          break;
        case 1:
          await db.rows(
            sql`UPDATE reports SET status = 'escalated' WHERE subject_user_id = ${person} AND status = 'open'`,
          );
          break;
        case 2:
          await db.rows(sql`
            UPDATE reports SET status = 'resolved', resolution = 'no_action', resolved_at = greatest(now(), created_at)
            WHERE id IN (SELECT id FROM reports WHERE subject_user_id = ${person} AND status <> 'resolved' LIMIT 1)`);
          break;
        default:
          await db.rows(
            sql`DELETE FROM reports WHERE id IN (SELECT id FROM reports WHERE subject_user_id = ${person} LIMIT 1)`,
          );
      }
    }
    expect((await expectedCache()).size).toBeGreaterThan(0);
    await expectCacheMatchesReports();
  });

  it("counts every report of concurrent transactions on one subject (PostgreSQL)", async ({ skip }) => {
    const db = database();
    const client = db.driver.postgres;
    if (!client) return skip();
    const subject = await insertUser(db);
    // Ten transactions each add a report about the same subject and hold their commit a moment,
    // so their refreshes overlap; the last refresh must count all ten.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.begin(async (tx) => {
          await tx`INSERT INTO reports (subject_kind, subject_user_id, source, category)
            VALUES ('user', ${subject}, 'user_notice', ${reportCategories[i % reportCategories.length]})`;
          await tx`SELECT pg_sleep(0.05)`;
        }),
      ),
    );
    expect((await cache()).get(subject)?.report_count).toBe(10);
    await expectCacheMatchesReports();
  });
});
