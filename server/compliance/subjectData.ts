import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { decryptMessage, unreadableText } from "../crypto/messageCipher";

/**
 * Right of access / portability (GDPR Arts. 15, 20; CCPA "right to know"): one machine-readable
 * document of everything held about a user, across every table. Never the password hash.
 */
export interface SubjectDataDocument {
  format: "saltbitter.subject-data/1";
  generatedAt: string;
  userId: string;
  account: Record<string, unknown> | null;
  tables: Record<string, Record<string, unknown>[]>;
}

type Reader = Pick<Database, "rows">;

/** Table → SQL returning json rows for one user (the user id is bound as a parameter). */
const sections = (userId: string) => ({
  profile: sql`SELECT to_jsonb(p) - 'location' || jsonb_build_object('location', CASE WHEN p.location IS NULL THEN NULL
      ELSE jsonb_build_object('lat', ST_Y(p.location::geometry), 'lng', ST_X(p.location::geometry)) END) AS row
    FROM profiles p WHERE p.user_id = ${userId}`,
  attachment_assessments: sql`SELECT to_jsonb(a) AS row FROM attachment_assessments a WHERE a.user_id = ${userId}`,
  matches: sql`SELECT to_jsonb(m) AS row FROM matches m WHERE m.user_a_id = ${userId} OR m.user_b_id = ${userId} ORDER BY m.created_at`,
  messages: sql`SELECT to_jsonb(m) AS row FROM messages m WHERE m.from_user_id = ${userId} OR m.to_user_id = ${userId} ORDER BY m.sent_at`,
  subscriptions: sql`SELECT to_jsonb(s) AS row FROM subscriptions s WHERE s.user_id = ${userId}`,
  payments: sql`SELECT to_jsonb(p) AS row FROM payments p WHERE p.user_id = ${userId} ORDER BY p.created_at`,
  event_registrations: sql`SELECT to_jsonb(r) || jsonb_build_object('event_title', e.title) AS row
    FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = ${userId} ORDER BY r.created_at`,
  ai_interactions: sql`SELECT to_jsonb(i) AS row FROM ai_interactions i WHERE i.user_id = ${userId} ORDER BY i.created_at`,
  consent_logs: sql`SELECT to_jsonb(c) AS row FROM consent_logs c WHERE c.user_id = ${userId} ORDER BY c."timestamp", c.id`,
  compliance_logs: sql`SELECT to_jsonb(l) - 'prev_hash' - 'hash' - 'staff_id' - 'metadata'
      || jsonb_build_object('staff_role', ${roleOf(sql`l.staff_id`)},
           'metadata', l.metadata - 'staffEmail' - 'staffRole' - 'exportedBy') AS row
    FROM compliance_logs l WHERE l.user_id = ${userId} ORDER BY l.seq = 0, l.seq, l."timestamp", l.id`,
  data_subject_requests: sql`SELECT to_jsonb(d) - 'handler_staff_id'
      || jsonb_build_object('handler_staff_role', ${roleOf(sql`d.handler_staff_id`)}) AS row
    FROM data_subject_requests d WHERE d.user_id = ${userId} ORDER BY d.received_at`,
  // Decisions about the user (DSA Art. 17 reasons are theirs to see), by the deciding staff role.
  moderation_actions: sql`SELECT to_jsonb(a) - 'staff_id' || jsonb_build_object('staff_role', ${roleOf(sql`a.staff_id`)}) AS row
    FROM moderation_actions a WHERE a.subject_user_id = ${userId} ORDER BY a.created_at, a.id`,
  // Notices about the user, without who sent them or their words (the notifier's rights, Art. 15(4) GDPR).
  reports_about_user: sql`SELECT to_jsonb(r) - 'reporter_user_id' - 'reporter_text' AS row
    FROM reports r WHERE r.subject_user_id = ${userId} ORDER BY r.created_at, r.id`,
  // Notices the user sent, without whom they were about (that person's data).
  reports_by_user: sql`SELECT to_jsonb(r) - 'subject_user_id' - 'subject_message_id' AS row
    FROM reports r WHERE r.reporter_user_id = ${userId} ORDER BY r.created_at, r.id`,
  appeals: sql`SELECT to_jsonb(p) - 'recorded_by_staff_id' - 'decided_by_staff_id'
      || jsonb_build_object('recorded_by_staff_role', ${roleOf(sql`p.recorded_by_staff_id`)},
           'decided_by_staff_role', ${roleOf(sql`p.decided_by_staff_id`)}) AS row
    FROM appeals p JOIN moderation_actions a ON a.id = p.action_id
    WHERE a.subject_user_id = ${userId} ORDER BY p.received_at, p.id`,
});

/** The controller's staff appear by role only (an access document names no staff member). */
const roleOf = (staffId: SQL) => sql`(SELECT s.role FROM staff_accounts s WHERE s.id = ${staffId})`;

export async function subjectData(reader: Reader, userId: string): Promise<SubjectDataDocument> {
  const [account] = await reader.rows<{ row: Record<string, unknown> }>(
    sql`SELECT to_jsonb(u) - 'password_hash' AS row FROM users u WHERE u.id = ${userId}`,
  );
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const [table, query] of Object.entries(sections(userId))) {
    tables[table] = (await reader.rows<{ row: Record<string, unknown> }>(query)).map((r) => r.row);
  }
  // The subject receives their messages as written, not the ciphertext stored at rest.
  for (const message of tables.messages) {
    const opened = decryptMessage(String(message.content), String(message.id));
    message.content = opened.ok ? opened.content : unreadableText[opened.reason];
  }
  return {
    format: "saltbitter.subject-data/1",
    generatedAt: new Date().toISOString(),
    userId,
    account: account?.row ?? null,
    tables,
  };
}
