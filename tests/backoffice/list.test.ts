import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { ListResponse, ResourceRow } from "@/lib/resources/types";
import { crudResources } from "@/server/auth/permissions";
import { defineResource } from "@/server/resources/define";
import { registry } from "@/server/resources/registry";
import { relatedTitles } from "@/server/resources/relatedTitles";
import { getJson, useSeededDatabase } from "./support";

/** The list engine through GET /api/resources/[resource]: filters, sort, search, keyset pages, counts, 400s. */
const { database, actor } = useSeededDatabase();
const admin = () => actor("admin");
const list = async (path: string) => {
  const { status, body } = await getJson(admin(), path);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as unknown as ListResponse;
};

describe("lists", () => {
  it("every resource lists its first page with an exact total and every row has an id", async () => {
    for (const resource of crudResources) {
      const page = await list(`/api/resources/${resource}?pageSize=5`);
      const [{ n }] = await database().rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${resource}`));
      expect(page.total, resource).toBe(Number(n));
      expect(page.totalIsEstimate).toBe(false);
      expect(page.data.length).toBe(Math.min(5, Number(n)));
      for (const row of page.data) expect(typeof row.id).toBe("string");
      expect(JSON.stringify(page.data)).not.toMatch(/passwordHash|password_hash/);
    }
  });

  it("filters users by tier (in) and verified (eq), sorted by newest first, matching SQL", async () => {
    const page = await list("/api/resources/users?f.subscriptionTier.in=premium,elite&f.verified.eq=true&pageSize=100");
    const expected = await database().rows<{ id: string }>(sql`
      SELECT id FROM users WHERE subscription_tier IN ('premium','elite') AND verified
      ORDER BY created_at DESC, id DESC LIMIT 100`);
    expect(page.data.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(
      page.data.every((r) => ["premium", "elite"].includes(r.subscriptionTier as string) && r.verified === true),
    ).toBe(true);
  });

  it("searches by email (contains, case-insensitive) and escapes LIKE wildcards", async () => {
    const [someone] = await database().rows<{ email: string }>(sql`SELECT email FROM users ORDER BY email LIMIT 1`);
    const fragment = someone.email.slice(1, 6).toUpperCase();
    const page = await list(`/api/resources/users?q=${encodeURIComponent(fragment)}&pageSize=100`);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM users WHERE email ILIKE ${"%" + fragment + "%"}`,
    );
    expect(page.total).toBe(Number(n));
    expect(page.data.some((r) => r.email === someone.email)).toBe(true);
    expect((await list("/api/resources/users?q=%25")).total).toBe(0);
  });

  it("applies number and date ranges and isnull", async () => {
    const page = await list("/api/resources/profiles?f.age.gte=30&f.age.lte=40&pageSize=100");
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM profiles WHERE age BETWEEN 30 AND 40`,
    );
    expect(page.total).toBe(Number(n));
    expect(page.data.every((r) => (r.age as number) >= 30 && (r.age as number) <= 40)).toBe(true);
    const since = "2025-10-01T00:00:00.000Z";
    const recent = await list(`/api/resources/payments?f.createdAt.gte=${since}&pageSize=100`);
    const [{ m }] = await database().rows<{ m: number }>(
      sql`SELECT count(*)::int AS m FROM payments WHERE created_at >= ${since}`,
    );
    expect(recent.total).toBe(Number(m));
    const unread = await list("/api/resources/messages?f.readAt.isnull=true&pageSize=1");
    const [{ u }] = await database().rows<{ u: number }>(
      sql`SELECT count(*)::int AS u FROM messages WHERE read_at IS NULL`,
    );
    expect(unread.total).toBe(Number(u));
  });

  it("walks every row exactly once with keyset cursors, in sort order, both directions", async () => {
    for (const order of ["asc", "desc"] as const) {
      const seen: ResourceRow[] = [];
      let cursor: string | null = null;
      do {
        const page: ListResponse = await list(
          `/api/resources/users?sort=createdAt&order=${order}&pageSize=17${cursor ? `&cursor=${cursor}` : ""}`,
        );
        seen.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      const expected = await database().rows<{ id: string }>(
        order === "asc"
          ? sql`SELECT id FROM users ORDER BY created_at, id`
          : sql`SELECT id FROM users ORDER BY created_at DESC, id DESC`,
      );
      expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    }
  });

  it("a cursor page equals the OFFSET page at the same position", async () => {
    const first = await list("/api/resources/payments?pageSize=10");
    const viaCursor = await list(`/api/resources/payments?pageSize=10&cursor=${first.nextCursor}`);
    const viaOffset = await list("/api/resources/payments?pageSize=10&page=2");
    expect(viaCursor.data.map((r) => r.id)).toEqual(viaOffset.data.map((r) => r.id));
  });

  it("refuses unknown fields, operators, bad values and unsortable columns naming the parameter", async () => {
    const cases: [string, string][] = [
      ["/api/resources/users?f.passwordHash.eq=x", "f.passwordHash.eq"],
      ["/api/resources/users?f.email.gte=x", "f.email.gte"],
      ["/api/resources/users?f.verified.eq=maybe", "f.verified.eq"],
      ["/api/resources/users?f.subscriptionTier.in=gold", "f.subscriptionTier.in"],
      ["/api/resources/users?f.createdAt.gte=yesterday", "f.createdAt.gte"],
      ["/api/resources/users?sort=verified", "sort"],
      ["/api/resources/users?order=up", "order"],
      ["/api/resources/users?pageSize=500", "pageSize"],
      ["/api/resources/users?cursor=garbage", "cursor"],
      ["/api/resources/users?page=100000", "page"],
      ["/api/resources/users?bogus=1", "bogus"],
      ["/api/resources/payments?q=x", "q"],
    ];
    for (const [path, param] of cases) {
      const { status, body } = await getJson(admin(), path);
      expect(status, path).toBe(400);
      expect(Object.keys((body.error as { fieldErrors: object }).fieldErrors), path).toEqual([param]);
    }
  });

  it("answers 404 for an unknown resource or record, 401 without a session", async () => {
    expect((await getJson(admin(), "/api/resources/nope")).status).toBe(404);
    expect((await getJson(admin(), "/api/resources/users/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await getJson(admin(), "/api/resources/users/not-a-uuid")).status).toBe(404);
    expect((await getJson(null, "/api/resources/users")).status).toBe(401);
    expect((await getJson(null, "/api/resources/nope")).status).toBe(401);
  });

  it("shows one record and, for users, the related records", async () => {
    const [match] = await database().rows<{ user_a_id: string }>(sql`SELECT user_a_id FROM matches LIMIT 1`);
    const { status, body } = await getJson(admin(), `/api/resources/users/${match.user_a_id}?include=related`);
    expect(status).toBe(200);
    expect((body.data as ResourceRow).id).toBe(match.user_a_id);
    const related = body.related as {
      matches: ResourceRow[];
      profile: ResourceRow | null;
      messageCounts: { sent: number };
    };
    expect(related.matches.length).toBeGreaterThan(0);
    expect(related.matches.every((m) => m.userAId === match.user_a_id || m.userBId === match.user_a_id)).toBe(true);
    const [{ sent }] = await database().rows<{ sent: number }>(
      sql`SELECT count(*)::int AS sent FROM messages WHERE from_user_id = ${match.user_a_id}`,
    );
    expect(related.messageCounts.sent).toBe(Number(sent));
  });

  it("names each registration's event by its title, not its id; an empty page or a list without them carries no titles", async () => {
    const page = await list("/api/resources/event_registrations?pageSize=50");
    expect(page.data.length).toBeGreaterThan(0);
    const titles = await database().rows<{ id: string; title: string }>(sql`
      SELECT e.id::text AS id, e.title FROM events e
      WHERE e.id IN (SELECT event_id FROM event_registrations ORDER BY created_at DESC, id DESC LIMIT 50)`);
    expect(page.titles).toStrictEqual({ eventId: Object.fromEntries(titles.map((e) => [e.id, e.title])) });
    for (const row of page.data) expect(page.titles?.eventId[row.eventId as string]).toEqual(expect.any(String));
    const first = page.data[0];
    const shown = await getJson(admin(), `/api/resources/event_registrations/${first.id}`);
    expect(shown.body.titles).toStrictEqual({
      eventId: { [first.eventId as string]: page.titles?.eventId[first.eventId as string] },
    });
    // Every role that may list registrations may list events: the titles are the same for each.
    const { body: analystPage } = await getJson(actor("analyst"), "/api/resources/event_registrations?pageSize=50");
    expect((analystPage as unknown as ListResponse).titles).toStrictEqual(page.titles);
    expect((await list("/api/resources/users?pageSize=5")).titles).toBeUndefined();
    // Audit rows written by no staff member name nobody.
    expect((await list("/api/resources/compliance_logs?f.staffId.isnull=true&pageSize=5")).titles).toBeUndefined();
    expect((await list("/api/resources/event_registrations?f.createdAt.lte=2000-01-01")).titles).toBeUndefined();
  });

  it("names the staff member of each audit row: by name and role for who may audit staff, by role alone for an analyst", async () => {
    // One audit row by each staff account, as its actions would write them.
    await database().exec(`INSERT INTO compliance_logs (staff_id, action_type, regulatory_framework)
      SELECT id, 'test.staff_named', 'gdpr' FROM staff_accounts`);
    const sql_ = sql`SELECT l.id::text AS id, s.name, s.role FROM compliance_logs l JOIN staff_accounts s ON s.id = l.staff_id
      ORDER BY l."timestamp" DESC, l.id DESC LIMIT 100`;
    const staffed = await database().rows<{ id: string; name: string; role: string }>(sql_);
    expect(staffed.length).toBeGreaterThanOrEqual(4);
    const inWords: Record<string, string> = {
      admin: "admin",
      trust_safety: "trust & safety",
      compliance_officer: "compliance officer",
      analyst: "analyst",
    };
    const capitalised: Record<string, string> = {
      admin: "Admin",
      trust_safety: "Trust & safety",
      compliance_officer: "Compliance officer",
      analyst: "Analyst",
    };
    const cellsFor = async (role: "admin" | "compliance_officer" | "analyst") => {
      const { body } = await getJson(actor(role), "/api/resources/compliance_logs?pageSize=100");
      const page = body as unknown as ListResponse;
      return Object.fromEntries(
        page.data.flatMap((row) => (row.staffId ? [[row.id, page.titles?.staffId?.[row.staffId as string]]] : [])),
      );
    };
    const named = Object.fromEntries(staffed.map((s) => [s.id, `${s.name} (${inWords[s.role]})`]));
    expect(await cellsFor("admin")).toStrictEqual(named);
    expect(await cellsFor("compliance_officer")).toStrictEqual(named);
    expect(await cellsFor("analyst")).toStrictEqual(
      Object.fromEntries(staffed.map((s) => [s.id, capitalised[s.role]])),
    );
  });

  it("names only the references a page shows: a record's page all of them, a list its columns", async () => {
    const rows = await database().rows<{ id: string; eventId: string; title: string }>(sql`
      SELECT r.id::text AS id, r.event_id::text AS "eventId", e.title FROM event_registrations r
      JOIN events e ON e.id = r.event_id ORDER BY r.id LIMIT 3`);
    const expected = { eventId: Object.fromEntries(rows.map((r) => [r.eventId, r.title])) };
    const registrations = registry.event_registrations;
    expect(await relatedTitles(database(), registrations, "admin", rows)).toStrictEqual(expected);
    expect(await relatedTitles(database(), registrations, "admin", rows, () => true)).toStrictEqual(expected);
    // A list without the Event column looks nothing up.
    const withoutEvent = defineResource({ ...registrations, list: ["userId", "status", "createdAt"] });
    expect(await relatedTitles(database(), withoutEvent, "admin", rows)).toStrictEqual({});
    expect(await relatedTitles(database(), withoutEvent, "admin", rows, () => true)).toStrictEqual(expected);
  });
});
