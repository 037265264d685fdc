import { describe, expect, it } from "vitest";
import { GET as dashboard } from "@/app/api/dashboard/route";
import { as, useSeededDatabase } from "./support";

const { database, actor } = useSeededDatabase(30);

const get = (query: string) =>
  as(actor("analyst"), async () => {
    const response = await dashboard(new Request(`http://backoffice.test/api/dashboard?${query}`));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  });

interface Metrics {
  period: { from: string; to: string; days: number };
  users: { newInPeriod: number };
  matches: { createdInPeriod: number };
  revenue: { day: string; gross: number; refunds: number; net: number }[];
}

describe("dashboard date range", () => {
  it("counts sign-ups and revenue of the chosen days only, both ends included (UTC)", async () => {
    // A period after all seeded activity, with rows just inside and just outside its bounds.
    await database().exec(`
      INSERT INTO users (id, email, password_hash, created_at) VALUES
        ('00000000-0000-4000-8000-00000000d001', 'first-day@dash.test', 'x', '2030-01-01T00:00:00Z'),
        ('00000000-0000-4000-8000-00000000d002', 'last-day@dash.test', 'x', '2030-01-03T23:59:59Z'),
        ('00000000-0000-4000-8000-00000000d003', 'day-after@dash.test', 'x', '2030-01-04T00:00:00Z'),
        ('00000000-0000-4000-8000-00000000d004', 'day-before@dash.test', 'x', '2029-12-31T23:59:59Z');
      INSERT INTO payments (user_id, amount, type, status, created_at) VALUES
        ('00000000-0000-4000-8000-00000000d001', 100.00, 'subscription', 'succeeded', '2030-01-02T10:00:00Z'),
        ('00000000-0000-4000-8000-00000000d001', 40.00, 'subscription', 'refunded', '2030-01-02T11:00:00Z'),
        ('00000000-0000-4000-8000-00000000d001', 7.50, 'subscription', 'failed', '2030-01-02T12:00:00Z'),
        ('00000000-0000-4000-8000-00000000d001', 999.00, 'subscription', 'succeeded', '2030-01-04T00:00:00Z');`);
    const { status, body } = await get("from=2030-01-01&to=2030-01-03");
    expect(status).toBe(200);
    const metrics = body as unknown as Metrics;
    expect(metrics.period).toEqual({ from: "2030-01-01", to: "2030-01-03", days: 3 });
    expect(metrics.users.newInPeriod).toBe(2);
    expect(metrics.matches.createdInPeriod).toBe(0);
    expect(metrics.revenue).toEqual([
      { day: "2030-01-01", gross: 0, refunds: 0, net: 0 },
      { day: "2030-01-02", gross: 140, refunds: 40, net: 100 },
      { day: "2030-01-03", gross: 0, refunds: 0, net: 0 },
    ]);
  });

  it("defaults to the last 30 days", async () => {
    const { body } = await get("");
    const { period, revenue } = body as unknown as Metrics;
    expect(period.days).toBe(30);
    expect(period.to).toBe(new Date().toISOString().slice(0, 10));
    expect(revenue).toHaveLength(30);
  });

  it("refuses a reversed, an over-long or a malformed period, naming the parameter", async () => {
    for (const [query, field] of [
      ["from=2030-02-01&to=2030-01-01", "from"],
      ["from=2028-01-01&to=2030-01-01", "from"],
      ["from=yesterday", "from"],
      ["to=2030-13-01", "to"],
    ] as const) {
      const { status, body } = await get(query);
      expect(status, query).toBe(400);
      expect(JSON.stringify(body), query).toContain(field);
    }
  });
});
