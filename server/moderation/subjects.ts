import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { SqlRows } from "./sqlRows";
import type { AccountRestriction, StaffRole } from "@/db/schema/enums";
import { seesMaskedData } from "../auth/permissions";
import { maskEmail, personNameFor } from "../resources/masking";
import { restrictedUsers } from "./enforcement";
import { claimLapseMinutes } from "./queueRules";

/** Text, not a driver Date, so both engines return the same ISO string (microseconds dropped). */
export const isoText = (expression: SQL) =>
  sql`to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The moment a query is about: a chosen instant (tests) or the database's clock. */
export const momentOf = (at?: Date): SQL => (at ? sql`${at.toISOString()}::timestamptz` : sql`now()`);

/** A platform user as the moderation screens show them: a person, never a bare id. */
export interface SubjectPerson {
  id: string;
  /** Profile name (masked for roles that see personal data masked); null without a profile. */
  name: string | null;
  email: string;
  /** Initials for the avatar ("LI"), from the name or the email. */
  initials: string;
  /** The first profile photo, if any. */
  photo: string | null;
  verified: boolean;
  createdAt: string;
  erased: boolean;
}

export interface RestrictionView {
  restriction: AccountRestriction;
  /** End of a suspension or time-limited visibility restriction; null when open-ended or none. */
  until: string | null;
}

export interface ClaimView {
  staffId: string;
  staffName: string;
  claimedAt: string;
  lastActiveAt: string;
  /** When it lapses unless its holder is active again. */
  lapsesAt: string;
}

export interface SubjectSummary {
  person: SubjectPerson;
  restriction: RestrictionView;
  claim: ClaimView | null;
}

export function initialsOf(name: string | null, email: string): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return (Array.from(email)[0] ?? "?").toLocaleUpperCase();
  const first = (word: string) => (Array.from(word)[0] ?? "").toLocaleUpperCase();
  return words.length === 1 ? first(words[0]) : `${first(words[0])}${first(words[words.length - 1])}`;
}

interface SummaryRow extends Record<string, unknown> {
  id: string;
  email: string;
  verified: boolean;
  created_at: string;
  erased: boolean;
  name: string | null;
  photo: string | null;
  restriction: AccountRestriction | null;
  restricted_until: string | null;
  claim_staff_id: string | null;
  claim_staff_name: string | null;
  claimed_at: string | null;
  last_active_at: string | null;
  lapses_at: string | null;
}

/**
 * Person, current restriction and live claim for up to a page of subjects, in one statement: each
 * part is a primary-key or per-user index lookup (the restriction through restricted_users(at)
 * filtered by user, which the planner inlines onto ix_moderation_actions_restrictive_subject_user_id).
 */
export async function subjectSummaries(
  database: SqlRows,
  role: StaffRole,
  userIds: readonly string[],
  at?: Date,
): Promise<Map<string, SubjectSummary>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const now = momentOf(at);
  const rows = await database.rows<SummaryRow>(sql`
    SELECT u.id, u.email, u.verified, ${isoText(sql`u.created_at`)} AS created_at, u.erased_at IS NOT NULL AS erased,
      p.name, p.photos->>0 AS photo,
      rr.restriction, ${isoText(sql`rr.restricted_until`)} AS restricted_until,
      c.staff_id AS claim_staff_id, s.name AS claim_staff_name,
      ${isoText(sql`c.claimed_at`)} AS claimed_at, ${isoText(sql`c.last_active_at`)} AS last_active_at,
      ${isoText(sql`c.last_active_at + make_interval(mins => ${claimLapseMinutes}::int)`)} AS lapses_at
    FROM users u
    LEFT JOIN profiles p ON p.user_id = u.id
    -- OFFSET 0 keeps this a per-row subquery: flattened, the planner aggregated every restrictive
    -- decision of every account (a hash join over the whole set) instead of one index lookup per row.
    LEFT JOIN LATERAL (
      SELECT x.restriction, x.restricted_until FROM ${restrictedUsers(at)} x WHERE x.user_id = u.id OFFSET 0
    ) rr ON true
    LEFT JOIN moderation_claims c ON c.subject_user_id = u.id
      AND c.last_active_at > ${now} - make_interval(mins => ${claimLapseMinutes}::int)
    LEFT JOIN staff_accounts s ON s.id = c.staff_id
    WHERE u.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  const masked = seesMaskedData(role);
  return new Map(
    rows.map((row) => {
      const name = personNameFor(role, row.name);
      const summary: SubjectSummary = {
        person: {
          id: row.id,
          name,
          email: masked ? maskEmail(row.email) : row.email,
          initials: initialsOf(name, row.email),
          photo: masked ? null : row.photo,
          verified: Boolean(row.verified),
          createdAt: row.created_at,
          erased: Boolean(row.erased),
        },
        restriction: { restriction: row.restriction ?? "none", until: row.restricted_until },
        claim:
          row.claim_staff_id && row.claimed_at && row.last_active_at && row.lapses_at
            ? {
                staffId: row.claim_staff_id,
                staffName: row.claim_staff_name ?? "A staff member",
                claimedAt: row.claimed_at,
                lastActiveAt: row.last_active_at,
                lapsesAt: row.lapses_at,
              }
            : null,
      };
      return [row.id, summary];
    }),
  );
}
