import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { FilterMeta, ListResponse, ResourceRow } from "@/lib/resources/types";
import { resourceMetadata } from "@/server/resources/metadata";
import { checksum, getJson, useSeededDatabase } from "./support";

/**
 * Issue #12: every column a person sorts by is sortable both ways with keyset pages that follow
 * each other without gaps or duplicates (compared with an ORDER BY written here, not the engine's),
 * filters are typed to their column, and a date that is not an ISO date is a field error.
 */
const { database, actor } = useSeededDatabase();
const admin = () => actor("admin");
const list = async (path: string) => {
  const { status, body } = await getJson(admin(), path);
  expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return body as unknown as ListResponse;
};

/**
 * The sorts issue #12 added: resource, field, its column, and whether it may be NULL (a missing
 * date sorts as the earliest: first ascending, last descending).
 */
const sorts: { resource: string; field: string; column: string; pk?: string; nullable?: boolean }[] = [
  { resource: "users", field: "subscriptionTier", column: "subscription_tier" },
  { resource: "users", field: "lastLoginAt", column: "last_login_at", nullable: true },
  { resource: "profiles", field: "name", column: "name", pk: "user_id" },
  { resource: "profiles", field: "age", column: "age", pk: "user_id" },
  { resource: "profiles", field: "completenessScore", column: "completeness_score", pk: "user_id" },
  { resource: "attachment_assessments", field: "anxietyScore", column: "anxiety_score" },
  { resource: "attachment_assessments", field: "avoidanceScore", column: "avoidance_score" },
  { resource: "matches", field: "compatibilityScore", column: "compatibility_score" },
  { resource: "subscriptions", field: "tier", column: "tier" },
  { resource: "subscriptions", field: "currentPeriodStart", column: "current_period_start", nullable: true },
  { resource: "subscriptions", field: "currentPeriodEnd", column: "current_period_end", nullable: true },
  { resource: "payments", field: "amount", column: "amount" },
  { resource: "payments", field: "type", column: "type" },
  { resource: "events", field: "endTime", column: "end_time" },
  { resource: "events", field: "title", column: "title" },
  { resource: "events", field: "capacity", column: "capacity" },
  { resource: "events", field: "price", column: "price" },
  { resource: "event_registrations", field: "status", column: "status" },
];

/** Every page of a list in one sort, following nextCursor; fails on a page seen twice. */
async function walk(resource: string, query: string, pageSize: number): Promise<ResourceRow[]> {
  const rows: ResourceRow[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages, "the walk ends").toBeLessThan(500);
    const page: ListResponse = await list(
      `/api/resources/${resource}?${query}&pageSize=${pageSize}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    rows.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return rows;
  }
}

describe("list sorts (issue #12)", () => {
  beforeAll(async () => {
    // The seed gives every subscription its period; some without one show where missing dates go.
    await database().rows(sql`
      UPDATE subscriptions SET current_period_start = NULL, current_period_end = NULL
      WHERE id IN (SELECT id FROM subscriptions ORDER BY id LIMIT 4)`);
    await database().rows(sql`
      UPDATE subscriptions SET current_period_end = NULL WHERE id IN (SELECT id FROM subscriptions ORDER BY id DESC LIMIT 3)`);
  });

  it("every new sort pages through the whole list in the right order, both ways, by cursor", async () => {
    for (const { resource, field, column, pk = "id", nullable } of sorts) {
      const [{ n, nulls }] = await database().rows<{ n: number; nulls: number }>(
        sql.raw(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE "${column}" IS NULL)::int AS nulls FROM ${resource}`,
        ),
      );
      expect(Number(n), `${resource} has rows to sort`).toBeGreaterThan(3);
      if (nullable) expect(Number(nulls), `${resource}.${column} has missing values to place`).toBeGreaterThan(0);
      // Small pages, so page boundaries fall inside runs of equal values (tiers, statuses, ages).
      const pageSize = Math.max(3, Math.ceil(Number(n) / 9));
      for (const order of ["asc", "desc"] as const) {
        const direction = order === "asc" ? "ASC NULLS FIRST" : "DESC NULLS LAST";
        const expected = await database().rows<{ id: string }>(
          sql.raw(`SELECT ${pk}::text AS id FROM ${resource} ORDER BY "${column}" ${direction}, ${pk} ${order}`),
        );
        const seen = await walk(resource, `sort=${field}&order=${order}`, pageSize);
        expect(
          seen.map((r) => r.id),
          `${resource} by ${field} ${order}`,
        ).toEqual(expected.map((r) => r.id));
      }
    }
  });

  it("a cursor's next page starts right after the previous one, with filters, and equals the OFFSET page", async () => {
    const query = "sort=amount&order=desc&f.status.in=succeeded,refunded";
    const first = await list(`/api/resources/payments?${query}&pageSize=10`);
    const second = await list(`/api/resources/payments?${query}&pageSize=10&cursor=${first.nextCursor}`);
    const offset = await list(`/api/resources/payments?${query}&pageSize=10&page=2`);
    expect(second.data.map((r) => r.id)).toEqual(offset.data.map((r) => r.id));
    const firstIds = new Set(first.data.map((r) => r.id));
    expect(second.data.some((r) => firstIds.has(r.id))).toBe(false);
    const amounts = [...first.data, ...second.data].map((r) => Number(r.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect([...first.data, ...second.data].every((r) => ["succeeded", "refunded"].includes(String(r.status)))).toBe(
      true,
    );
  });

  it("money sorts as numbers: the first payment by amount descending is the largest, ascending the smallest", async () => {
    const [{ max, min }] = await database().rows<{ max: string; min: string }>(
      sql`SELECT max(amount)::text AS max, min(amount)::text AS min FROM payments`,
    );
    const desc = await list("/api/resources/payments?sort=amount&order=desc&pageSize=1");
    const asc = await list("/api/resources/payments?sort=amount&order=asc&pageSize=1");
    expect(Number(desc.data[0].amount)).toBe(Number(max));
    expect(Number(asc.data[0].amount)).toBe(Number(min));
    expect(Number(max)).toBeGreaterThan(Number(min));
  });

  it("a role that sees a field masked cannot sort by it, and its metadata says so", async () => {
    const { status, body } = await getJson(actor("analyst"), "/api/resources/profiles?sort=name");
    expect(status).toBe(400);
    expect(Object.keys((body.error as { fieldErrors: object }).fieldErrors)).toEqual(["sort"]);
    const analystProfiles = resourceMetadata("analyst").find((m) => m.name === "profiles");
    const adminProfiles = resourceMetadata("admin").find((m) => m.name === "profiles");
    expect(analystProfiles?.listColumns.find((c) => c.field === "name")?.sortable).toBe(false);
    expect(adminProfiles?.listColumns.find((c) => c.field === "name")?.sortable).toBe(true);
    expect(adminProfiles?.listColumns.find((c) => c.field === "age")?.sortable).toBe(true);
  });
});

describe("typed filters (issue #12)", () => {
  const filterOf = (resource: string, field: string): FilterMeta | undefined =>
    resourceMetadata("admin")
      .find((m) => m.name === resource)
      ?.filters.find((f) => f.field === field);

  it("the browser's metadata types each filter to its column", () => {
    expect(filterOf("users", "gender")).toMatchObject({
      kind: "enum",
      ops: ["in"],
      enumValues: ["woman", "man", "non-binary"],
    });
    expect(filterOf("profiles", "gender")).toMatchObject({ kind: "enum", enumValues: ["woman", "man", "non-binary"] });
    expect(filterOf("consent_logs", "consentType")?.kind).toBe("enum");
    expect(filterOf("users", "subscriptionTier")).toMatchObject({
      kind: "enum",
      enumValues: ["free", "premium", "elite"],
    });
    expect(filterOf("payments", "amount")).toMatchObject({ kind: "money", ops: ["gte", "lte"], min: 0 });
    expect(filterOf("matches", "compatibilityScore")).toMatchObject({ kind: "number", min: 0, max: 100 });
    expect(filterOf("profiles", "age")).toMatchObject({ kind: "number", min: 18, max: 120 });
    expect(filterOf("users", "verified")?.kind).toBe("boolean");
    expect(filterOf("payments", "userId")?.kind).toBe("person");
    // Every date filter is a range (gte/lte): the screen never offers a text box for a date.
    for (const meta of resourceMetadata("admin"))
      for (const filter of meta.filters.filter((f) => f.kind === "date"))
        expect(filter.ops, `${meta.name}.${filter.field}`).toEqual(expect.arrayContaining(["gte", "lte"]));
  });

  it("filters users by their profile's gender (multi-select values), keeping the list's order", async () => {
    const page = await list("/api/resources/users?f.gender.in=woman,non-binary&pageSize=100");
    const expected = await database().rows<{ id: string }>(sql`
      SELECT u.id FROM users u JOIN profiles p ON p.user_id = u.id
      WHERE p.gender IN ('woman', 'non-binary') ORDER BY u.created_at DESC, u.id DESC LIMIT 100`);
    const [{ n }] = await database().rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM users u JOIN profiles p ON p.user_id = u.id WHERE p.gender IN ('woman', 'non-binary')`);
    expect(Number(n)).toBeGreaterThan(0);
    expect(page.total).toBe(Number(n));
    expect(page.data.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    const refused = await getJson(admin(), "/api/resources/users?f.gender.eq=woman");
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.body.error as { fieldErrors: object }).fieldErrors)).toEqual(["f.gender.eq"]);
  });

  it("filters by a date range (both ends inclusive)", async () => {
    const from = "2025-06-01T00:00:00.000Z";
    const to = "2025-09-30T23:59:59.999Z";
    const page = await list(`/api/resources/payments?f.createdAt.gte=${from}&f.createdAt.lte=${to}&pageSize=100`);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payments WHERE created_at >= ${from} AND created_at <= ${to}`,
    );
    expect(Number(n)).toBeGreaterThan(0);
    expect(page.total).toBe(Number(n));
    for (const row of page.data) {
      const at = new Date(String(row.createdAt)).getTime();
      expect(at).toBeGreaterThanOrEqual(Date.parse(from));
      expect(at).toBeLessThanOrEqual(Date.parse(to));
    }
    expect((await list("/api/resources/users?f.createdAt.gte=2025-06-01")).total).toBeGreaterThan(0);
  });

  it("refuses a free-text or impossible date with a field error naming the parameter, and changes nothing", async () => {
    const before = await checksum(database(), "payments");
    for (const text of [
      "yesterday",
      "01/02/2026",
      "March 3, 2026",
      "2026-02-30",
      "2026-13-01",
      "2026-01-01 10:00",
      "2026-01-01T25:00",
    ]) {
      const param = "f.createdAt.gte";
      const { status, body } = await getJson(admin(), `/api/resources/payments?${param}=${encodeURIComponent(text)}`);
      expect(status, text).toBe(400);
      const error = body.error as { message: string; fieldErrors: Record<string, string> };
      expect(Object.keys(error.fieldErrors), text).toEqual([param]);
      expect(error.fieldErrors[param], text).toMatch(/YYYY-MM-DD/);
    }
    for (const text of ["2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.123+02:00"])
      expect(
        (await getJson(admin(), `/api/resources/payments?f.createdAt.lte=${encodeURIComponent(text)}`)).status,
        text,
      ).toBe(200);
    expect(await checksum(database(), "payments")).toBe(before);
  });
});
