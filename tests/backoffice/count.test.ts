import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { countMatching, EXACT_COUNT_LIMIT } from "@/server/resources/listQuery";
import { registry } from "@/server/resources/registry";
import { eq } from "drizzle-orm";
import { and, isNull } from "drizzle-orm";
import { users } from "@/db/schema";
import { useFreshDatabase } from "../support/database";

/** Totals: exact up to 10,000 matching rows, a marked estimate beyond. */
const database = useFreshDatabase();

describe("list totals", () => {
  it("counts exactly up to the limit and estimates beyond it", async () => {
    await database().exec(`
      INSERT INTO users (email, password_hash, subscription_tier)
      SELECT 'u' || g || '@example.test', 'x', CASE WHEN g % 1000 = 0 THEN 'elite' ELSE 'free' END
      FROM generate_series(1, ${EXACT_COUNT_LIMIT + 2000}) AS g;
      ANALYZE users;`);
    const def = registry.users;
    expect(await countMatching(database(), def, eq(users.subscriptionTier, "elite"))).toEqual({
      total: Math.floor((EXACT_COUNT_LIMIT + 2000) / 1000),
      totalIsEstimate: false,
    });
    const all = await countMatching(database(), def, undefined);
    expect(all.totalIsEstimate).toBe(true);
    expect(all.total).toBeGreaterThan(EXACT_COUNT_LIMIT);
    const [{ n }] = await database().rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    expect(Math.abs(all.total - Number(n)) / Number(n)).toBeLessThan(0.2);
  });

  it("estimates a count the indexes cannot answer cheaply, however few rows match", async () => {
    // 12,000 users, one in 1,000 elite; every third one never signed in (no index holds that alone).
    await database().exec(`
      DELETE FROM users;
      INSERT INTO users (email, password_hash, subscription_tier, last_login_at)
      SELECT 'u' || g || '@example.test', 'x', CASE WHEN g % 1000 = 0 THEN 'elite' ELSE 'free' END,
             CASE WHEN g % 3 = 0 THEN NULL ELSE now() END
      FROM generate_series(1, 12000) AS g;
      ANALYZE users;`);
    const def = registry.users;
    const neverSignedIn = isNull(users.lastLoginAt);
    // With the default budget a table this small is counted exactly: 4,000 never signed in.
    expect(await countMatching(database(), def, neverSignedIn)).toEqual({ total: 4000, totalIsEstimate: false });
    // A budget below a scan of the whole table (12,000 rows cost more than 100 units) but above the
    // tier index's 12 elite rows: the first is estimated, the second still counted.
    const scan = await countMatching(database(), def, neverSignedIn, 100);
    expect(scan.totalIsEstimate).toBe(true);
    expect(Math.abs(scan.total - 4000) / 4000).toBeLessThan(0.2);
    expect(await countMatching(database(), def, eq(users.subscriptionTier, "elite"), 100)).toEqual({
      total: 12,
      totalIsEstimate: false,
    });
    // Elite and never signed in: users 3,000, 6,000, 9,000 and 12,000.
    const eliteNeverSignedIn = and(eq(users.subscriptionTier, "elite"), neverSignedIn);
    expect(await countMatching(database(), def, eliteNeverSignedIn, 100)).toEqual({ total: 4, totalIsEstimate: false });
  });
});
