import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { countMatching, EXACT_COUNT_LIMIT } from "@/server/resources/listQuery";
import { registry } from "@/server/resources/registry";
import { eq } from "drizzle-orm";
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
});
