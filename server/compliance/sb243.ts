import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

/**
 * California SB 243 (companion chatbots): yearly counts of the platform's disclosures, break
 * reminders and crisis referrals. Aggregates only, so the report carries no user identifier.
 */
export const sb243Actions = ["ai_disclosure", "break_reminder", "crisis_referral"] as const;

export interface Sb243Count {
  year: number;
  action_type: string;
  events: number;
}

export function sb243Counts(database: Database) {
  return database.rows<Sb243Count & Record<string, unknown>>(sql`
    SELECT extract(year FROM "timestamp" AT TIME ZONE 'UTC')::int AS year, action_type, count(*)::int AS events
    FROM compliance_logs
    WHERE regulatory_framework = 'sb_243' AND action_type IN ('ai_disclosure', 'break_reminder', 'crisis_referral')
    GROUP BY 1, 2 ORDER BY 1, 2`);
}

/** The yearly counts as CSV: year, then one column per action type. */
export function sb243Csv(counts: Sb243Count[]): string {
  const years = [...new Set(counts.map((c) => c.year))].sort();
  const lines = years.map((year) =>
    [year, ...sb243Actions.map((a) => counts.find((c) => c.year === year && c.action_type === a)?.events ?? 0)].join(
      ",",
    ),
  );
  return ["year," + sb243Actions.join(","), ...lines].join("\n") + "\n";
}
