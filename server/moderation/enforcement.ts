import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executedRows } from "@/db/executedRows";
import type { AccountRestriction } from "@/db/schema/enums";

/**
 * An account's restriction, derived from its moderation decisions (never stored): the SQL function
 * restricted_users(at) (migration 0009) applies each restrictive decision from its start until its
 * end unless a reversal of it has taken effect, so an expired suspension ends by itself and a
 * reversal lifts exactly the decision it names. Strongest wins: terminated > suspended > visibility.
 */
export type Restriction =
  | { restriction: "none" }
  | { restriction: "visibility_restricted"; until: Date | null }
  | { restriction: "suspended"; until: Date }
  | { restriction: "terminated" };

/** Anything that runs SQL: the database's Drizzle handle or a transaction. */
export type SqlExecutor = Pick<Db, "execute">;

/**
 * The set-based form, for other queries: `restricted_users(at)` as a FROM item with columns
 * user_id, restriction, restricted_until. E.g. dropping restricted accounts from candidates:
 * sql`... AND NOT EXISTS (SELECT 1 FROM ${restrictedUsers()} r WHERE r.user_id = p.user_id)`.
 */
export function restrictedUsers(at?: Date): SQL {
  return at ? sql`restricted_users(${at.toISOString()}::timestamptz)` : sql`restricted_users(now())`;
}

interface RestrictionRow extends Record<string, unknown> {
  restriction: Exclude<AccountRestriction, "none">;
  /** Text, not a driver Date: both engines return the same thing. */
  restricted_until: string | null;
}

/** The account's restriction at `at` (default: now, the database's clock). One indexed query. */
export async function accountRestriction(db: SqlExecutor, userId: string, at?: Date): Promise<Restriction> {
  const [row] = await executedRows<RestrictionRow>(
    db,
    sql`
    SELECT restriction,
      to_char(restricted_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS restricted_until
    FROM ${restrictedUsers(at)} WHERE user_id = ${userId}`,
  );
  if (!row) return { restriction: "none" };
  const until = row.restricted_until ? new Date(row.restricted_until) : null;
  if (row.restriction === "terminated") return { restriction: "terminated" };
  // A suspension always has an end (ck_moderation_actions_suspend_ends), so `until` is set.
  if (row.restriction === "suspended" && until) return { restriction: "suspended", until };
  return { restriction: "visibility_restricted", until };
}
