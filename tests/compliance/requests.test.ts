import { describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import { runAsActor } from "../../server/auth/actor";
import { verifyChain } from "../../server/audit/chain";
import { erasedEmail } from "../../server/compliance/erasure";
import {
  advanceRequest,
  completeRequest,
  denyRequest,
  extendRequest,
  fileRequest,
} from "../../server/compliance/requestActions";
import { deadlineBoard } from "../../server/compliance/requests";
import { subjectData } from "../../server/compliance/subjectData";
import { useFreshDatabase } from "../support/database";
import { insertEvent, insertPayment, insertProfile, insertUser } from "../support/fixtures";
import { insertStaff, unwrap } from "./support";

const database = useFreshDatabase();

/** A user with a row in every table that can hold their personal data. */
async function fullUser() {
  const db = database();
  const user = await insertUser(db, `erase-me-${Date.now()}@example.test`);
  const other = await insertUser(db);
  await insertProfile(db, user, "Erin");
  await db.rows(
    sql`INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions) VALUES (${user}, 1, 2, 'secure', 30)`,
  );
  await db.rows(
    sql`INSERT INTO matches (user_a_id, user_b_id, status, compatibility_score) VALUES (${user}, ${other}, 'matched', 80)`,
  );
  await db.rows(
    sql`INSERT INTO messages (from_user_id, to_user_id, content) VALUES (${user}, ${other}, 'hi'), (${other}, ${user}, 'hello')`,
  );
  await db.rows(sql`INSERT INTO subscriptions (user_id, tier, status) VALUES (${user}, 'premium', 'active')`);
  const payment = await insertPayment(db, user);
  await db.rows(
    sql`INSERT INTO event_registrations (event_id, user_id, payment_id) VALUES (${await insertEvent(db)}, ${user}, ${payment})`,
  );
  await db.rows(sql`INSERT INTO ai_interactions (user_id, ai_type) VALUES (${user}, 'relationship_coach')`);
  await db.rows(
    sql`INSERT INTO consent_logs (user_id, consent_type, granted, ip_address) VALUES (${user}, 'marketing', true, '198.51.100.9')`,
  );
  await db.rows(
    sql`INSERT INTO compliance_logs (user_id, action_type, regulatory_framework) VALUES (${user}, 'ai_disclosure', 'sb_243')`,
  );
  return { user, other };
}

/** Rows referencing the user, per table (every user column of every table). */
async function rowsAbout(user: string) {
  const [counts] = await database().rows<Record<string, number>>(sql`SELECT
    (SELECT count(*) FROM profiles WHERE user_id = ${user})::int AS profiles,
    (SELECT count(*) FROM attachment_assessments WHERE user_id = ${user})::int AS attachment_assessments,
    (SELECT count(*) FROM matches WHERE user_a_id = ${user} OR user_b_id = ${user})::int AS matches,
    (SELECT count(*) FROM messages WHERE from_user_id = ${user} OR to_user_id = ${user})::int AS messages,
    (SELECT count(*) FROM subscriptions WHERE user_id = ${user})::int AS subscriptions,
    (SELECT count(*) FROM event_registrations WHERE user_id = ${user})::int AS event_registrations,
    (SELECT count(*) FROM ai_interactions WHERE user_id = ${user})::int AS ai_interactions,
    (SELECT count(*) FROM payments WHERE user_id = ${user})::int AS payments,
    (SELECT count(*) FROM consent_logs WHERE user_id = ${user})::int AS consent_logs,
    (SELECT count(*) FROM compliance_logs WHERE user_id = ${user} AND action_type = 'ai_disclosure')::int AS compliance_logs`);
  return counts;
}

/** The rows fullUser() gives its user in each table of the access document, counted by hand. */
const fullUserRowCounts = {
  profile: 1,
  attachment_assessments: 1,
  matches: 1,
  messages: 2,
  subscriptions: 1,
  payments: 1,
  event_registrations: 1,
  ai_interactions: 1,
  consent_logs: 1,
  compliance_logs: 1,
};

describe("data-subject requests", () => {
  it("sets the due date by regime and extends it once, with a reason", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const { user } = await fullUser();
    // Hand-computed (tests/compliance/deadlines.test.ts has the rules); filed while the database
    // session runs on UTC+14, which must not move any date.
    await db.exec(`SET TIME ZONE 'Pacific/Kiritimati'`);
    await runAsActor(actor, async () => {
      const gdpr = unwrap(
        await fileRequest({ userId: user, requestType: "access", regime: "gdpr", receivedAt: "2026-01-31T12:00:00Z" }),
      );
      // One month from 31 Jan: Sat 28 Feb → Mon 2 Mar, to its end.
      expect(gdpr.dueAt).toBe("2026-03-02T23:59:59.999Z");
      const optOut = unwrap(
        await fileRequest({ userId: user, requestType: "opt_out", regime: "ccpa", receivedAt: "2026-01-01T00:00:00Z" }),
      );
      // 15 business days after Thu 1 Jan: 2, 5–9, 12–16, 19–22 January.
      expect(optOut.dueAt).toBe("2026-01-22T23:59:59.999Z");
      expect(await extendRequest({ id: optOut.id, reason: "Identity verification pending" })).toMatchObject({
        ok: false,
        error: { code: "conflict", fieldErrors: { reason: "Cannot be extended" } },
      });
      const ccpa = unwrap(
        await fileRequest({ userId: user, requestType: "access", regime: "ccpa", receivedAt: "2026-01-01T00:00:00Z" }),
      );
      expect(ccpa.dueAt).toBe("2026-02-15T23:59:59.999Z");

      const noReason = await extendRequest({ id: ccpa.id, reason: "" });
      expect(noReason).toMatchObject({ ok: false, error: { fieldErrors: { reason: expect.any(String) } } });
      unwrap(await extendRequest({ id: ccpa.id, reason: "Identity verification pending" }));
      const [row] = await db.rows<{ due: string; status: string }>(
        sql`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS due, status FROM data_subject_requests WHERE id = ${ccpa.id}`,
      );
      // 90 days after 1 January.
      expect(row).toEqual({ due: "2026-04-01T23:59:59.999", status: "extended" });
      expect(await extendRequest({ id: ccpa.id, reason: "Again please" })).toMatchObject({ ok: false });

      // Both are overdue relative to now (2026 dates in the past of the test clock, or not: checked by SQL).
      const board = await deadlineBoard(db);
      const [{ overdue }] = await db.rows<{
        overdue: number;
      }>(sql`SELECT count(*)::int AS overdue FROM data_subject_requests
        WHERE status NOT IN ('completed', 'denied') AND due_at < now()`);
      expect(board.overdue).toHaveLength(overdue);
      unwrap(await denyRequest({ id: gdpr.id, reason: "Manifestly unfounded" }));
      expect(await advanceRequest({ id: gdpr.id, status: "in_progress" })).toMatchObject({
        ok: false,
        error: { code: "conflict" },
      });
    });
    await db.exec(`SET TIME ZONE 'UTC'`);
  });

  it("refuses a trust_safety user", async () => {
    const db = database();
    const actor = await insertStaff(db, "trust_safety");
    const { user } = await fullUser();
    const result = await runAsActor(actor, () => fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" }));
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("gives access as one JSON document, without the password hash", async () => {
    const { user } = await fullUser();
    const doc = await subjectData(database(), user);
    expect(doc.account).toMatchObject({ id: user });
    expect(JSON.stringify(doc)).not.toContain("password_hash");
    expect(Object.fromEntries(Object.entries(doc.tables).map(([t, rows]) => [t, rows.length]))).toMatchObject(
      fullUserRowCounts,
    );
  });

  it("holds a section for every table that refers to a user, and drops none", async () => {
    // Each foreign key to users(id) and the document sections its rows go to, written out by hand:
    // a new table about users fails here until it is given a section or a reason to stay out.
    const sectionsOf: Record<string, string[]> = {
      "profiles.user_id": ["profile"],
      "attachment_assessments.user_id": ["attachment_assessments"],
      "matches.user_a_id": ["matches"],
      "matches.user_b_id": ["matches"],
      "messages.from_user_id": ["messages"],
      "messages.to_user_id": ["messages"],
      "subscriptions.user_id": ["subscriptions"],
      "payments.user_id": ["payments"],
      "event_registrations.user_id": ["event_registrations"],
      "ai_interactions.user_id": ["ai_interactions"],
      "consent_logs.user_id": ["consent_logs"],
      "compliance_logs.user_id": ["compliance_logs"],
      "data_subject_requests.user_id": ["data_subject_requests"],
      // Decisions about the user, and the appeals against them (joined through the decision).
      "moderation_actions.subject_user_id": ["moderation_actions", "appeals"],
      "reports.subject_user_id": ["reports_about_user"],
      "reports.reporter_user_id": ["reports_by_user"],
    };
    const leftOut: Record<string, string> = {
      "moderation_claims.subject_user_id":
        "a moderator's 15-minute hold on a queue item: working state, not about the person",
    };
    const references = await database().rows<{ ref: string }>(sql`
      SELECT c.conrelid::regclass::text || '.' || a.attname AS ref
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass`);
    expect(references.map((r) => r.ref).sort()).toEqual([...Object.keys(sectionsOf), ...Object.keys(leftOut)].sort());

    const db = database();
    const { user, other } = await fullUser();
    const moderator = await insertStaff(db, "trust_safety");
    await db.rows(sql`INSERT INTO data_subject_requests (user_id, request_type, regime, due_at)
      VALUES (${user}, 'access', 'gdpr', now() + interval '1 month')`);
    const [{ id: decision }] = await db.rows<{ id: string }>(sql`
      INSERT INTO moderation_actions (subject_user_id, kind, staff_id, note)
      VALUES (${user}, 'warn', ${moderator.staffId}, 'Rude messages') RETURNING id::text AS id`);
    await db.rows(sql`INSERT INTO appeals (action_id, channel, recorded_by_staff_id, appellant_text, due_at)
      VALUES (${decision}, 'support', ${moderator.staffId}, 'It was a joke', now() + interval '3 days')`);
    await db.rows(sql`INSERT INTO reports (subject_kind, subject_user_id, reporter_user_id, source, category)
      VALUES ('user', ${user}, ${other}, 'user_notice', 'scam_fraud'), ('user', ${other}, ${user}, 'user_notice', 'harassment')`);

    const doc = await subjectData(db, user);
    const counts = Object.fromEntries(Object.entries(doc.tables).map(([table, rows]) => [table, rows.length]));
    expect(counts).toEqual({
      ...fullUserRowCounts,
      data_subject_requests: 1,
      moderation_actions: 1,
      appeals: 1,
      reports_about_user: 1,
      reports_by_user: 1,
    });
    expect(Object.keys(counts).sort()).toEqual([...new Set(Object.values(sectionsOf).flat())].sort());
  });

  it("names the controller's staff only by role in the access document, and includes decisions and notices about the user", async () => {
    const db = database();
    const { user, other } = await fullUser();
    const moderator = await insertStaff(db, "trust_safety");
    const officer = await insertStaff(db, "compliance_officer");
    await db.rows(sql`INSERT INTO moderation_actions (subject_user_id, kind, staff_id, note)
      VALUES (${user}, 'comment', ${moderator.staffId}, 'Checked the profile photos')`);
    await db.rows(sql`INSERT INTO reports (subject_kind, subject_user_id, reporter_user_id, source, category, reporter_text)
      VALUES ('user', ${user}, ${other}, 'user_notice', 'scam_fraud', 'Asked me for money, my name is Olga')`);
    await db.rows(sql`INSERT INTO reports (subject_kind, subject_user_id, reporter_user_id, source, category, reporter_text)
      VALUES ('user', ${other}, ${user}, 'user_notice', 'harassment', 'Keeps writing to me')`);
    // An audit row about the user written by a staff member, as older rows were (with the email).
    await db.rows(sql`INSERT INTO compliance_logs (user_id, staff_id, action_type, regulatory_framework, metadata)
      VALUES (${user}, ${officer.staffId}, 'staff.users.update', 'gdpr',
              ${JSON.stringify({ staffEmail: officer.email, staffRole: officer.role, changedFields: ["tier"] })}::jsonb)`);

    const doc = await subjectData(db, user);
    const text = JSON.stringify(doc);
    for (const staff of [moderator, officer]) {
      expect(text).not.toContain(staff.staffId);
      expect(text).not.toContain(staff.email);
    }
    expect(doc.tables.moderation_actions).toHaveLength(1);
    expect(doc.tables.moderation_actions[0]).toMatchObject({ kind: "comment", staff_role: "trust_safety" });
    const audited = doc.tables.compliance_logs.find((row) => row.action_type === "staff.users.update");
    expect(audited).toMatchObject({ staff_role: "compliance_officer", metadata: { changedFields: ["tier"] } });
    // A notice about the user, without its sender or words; a notice by the user, without its subject.
    expect(doc.tables.reports_about_user).toEqual([expect.objectContaining({ category: "scam_fraud" })]);
    expect(text).not.toContain("Olga");
    expect(doc.tables.reports_about_user[0]).not.toHaveProperty("reporter_user_id");
    expect(doc.tables.reports_by_user).toEqual([
      expect.objectContaining({ category: "harassment", reporter_text: "Keeps writing to me" }),
    ]);
    expect(doc.tables.reports_by_user[0]).not.toHaveProperty("subject_user_id");
  });

  it("records no staff email in new audit rows (staff_id says who)", async () => {
    const db = database();
    const { user } = await fullUser();
    const officer = await insertStaff(db);
    await runAsActor(officer, () => fileRequest({ userId: user, requestType: "access", regime: "gdpr" }));
    const rows = await db.rows<{ metadata: Record<string, unknown> }>(
      sql`SELECT metadata FROM compliance_logs WHERE staff_id = ${officer.staffId}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(JSON.stringify(row.metadata)).not.toContain(officer.email);
      expect(row.metadata.staffRole).toBe("compliance_officer");
    }
  });

  it("erases a user completely except the evidence, in one audited transaction, and the chain still verifies", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const { user, other } = await fullUser();
    const request = await runAsActor(actor, async () => {
      const filed = unwrap(await fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" }));
      unwrap(await advanceRequest({ id: filed.id, status: "verified" }));
      const done = unwrap(await completeRequest({ id: filed.id }));
      expect(done.outcome?.erased).toEqual({
        messages: 2,
        matches: 1,
        event_registrations: 1,
        ai_interactions: 1,
        attachment_assessments: 1,
        profiles: 1,
        subscriptions: 1,
        users_tombstoned: 1,
      });
      return filed;
    });
    expect(await rowsAbout(user)).toEqual({
      profiles: 0,
      attachment_assessments: 0,
      matches: 0,
      messages: 0,
      subscriptions: 0,
      event_registrations: 0,
      ai_interactions: 0,
      payments: 1, // legal retention
      consent_logs: 1, // accountability
      compliance_logs: 1,
    });
    const [tombstone] = await db.rows<Record<string, unknown>>(sql`SELECT email, password_hash, verified, last_login_at,
      erased_at IS NOT NULL AS erased FROM users WHERE id = ${user}`);
    expect(tombstone).toEqual({
      email: erasedEmail(user),
      password_hash: "!erased",
      verified: false,
      last_login_at: null,
      erased: true,
    });
    // The other party keeps their account.
    expect(await db.rows(sql`SELECT id FROM users WHERE id = ${other} AND erased_at IS NULL`)).toHaveLength(1);
    // Logged with its per-table counts.
    const [logged] = await db.rows<{
      metadata: { erased: Record<string, number> };
    }>(sql`SELECT metadata FROM compliance_logs
      WHERE action_type = 'staff.users.erase' AND user_id = ${user}`);
    expect(logged.metadata.erased.messages).toBe(2);
    const [status] = await db.rows<{ status: string }>(
      sql`SELECT status FROM data_subject_requests WHERE id = ${request.id}`,
    );
    expect(status.status).toBe("completed");
    expect((await verifyChain(db)).ok).toBe(true);
    // A second erasure is refused when it is filed, with the reason, and nothing is filed.
    const requestsBefore = await db.rows(sql`SELECT id FROM data_subject_requests WHERE user_id = ${user}`);
    const again = await runAsActor(actor, () => fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" }));
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: "conflict",
        fieldErrors: { userId: expect.stringMatching(/^Already erased on \d{4}-\d{2}-\d{2}$/) },
      },
    });
    expect(await db.rows(sql`SELECT id FROM data_subject_requests WHERE user_id = ${user}`)).toEqual(requestsBefore);
  });

  it("refuses a second erasure request while one for the same account is open", async () => {
    const db = database();
    const actor = await insertStaff(db);
    const { user } = await fullUser();
    const [first, second, access] = await runAsActor(actor, async () => [
      await fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" }),
      await fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" }),
      await fileRequest({ userId: user, requestType: "access", regime: "gdpr" }),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({
      ok: false,
      error: { code: "conflict", fieldErrors: { userId: expect.stringContaining("is still open") } },
    });
    expect(access).toMatchObject({ ok: true }); // other kinds of request are not affected
  });
});
