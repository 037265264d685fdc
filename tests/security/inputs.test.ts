import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as viewport } from "@/app/api/map/viewport/route";
import { GET as profile } from "@/app/api/map/profile/route";
import { createRecord, deleteRecord, updateRecord } from "@/server/actions/resourceActions";
import { createStaff } from "@/server/actions/staffActions";
import { runAsActor } from "@/server/auth/actor";
import { describeError } from "@/server/logging";
import { sql } from "@/db/client";
import { as, auditCount, checksum, getJson, useSeededDatabase } from "../backoffice/support";

/**
 * Text PostgreSQL cannot store (NUL bytes, invalid UTF-8, unpaired surrogates) anywhere in a
 * request is refused as bad input naming where it was: a 400 for GET routes, a field error for
 * server actions, never a 500, a stack trace or a write. Failed queries are logged without values.
 */
const { database, actor } = useSeededDatabase(20);
const nul = "%00";

type Problem = { status: number; body: Record<string, unknown> };
const expectNamed = (result: Problem, parameter: string) => {
  expect(result.status).toBe(400);
  const error = result.body.error as { code: string; fieldErrors: Record<string, string> };
  expect(error.code).toBe("invalid");
  expect(Object.keys(error.fieldErrors)).toEqual([parameter]);
  expect(error.fieldErrors[parameter]).toMatch(/cannot be stored/);
};

describe("GET routes: unstorable text is a 400 naming the parameter", () => {
  it.each([
    ["the search box", `q=ana${nul}`, "q"],
    ["a filter value", `f.email.contains=a${nul}b`, "f.email.contains"],
    ["an 'in' filter list", `f.subscriptionTier.in=free,${nul}`, "f.subscriptionTier.in"],
    ["a sort field", `sort=email${nul}`, "sort"],
    ["a parameter name", `f.em${nul}ail.eq=x`, `f.em${nul}ail.eq`],
    ["invalid UTF-8", "q=%C3%28", "q"],
    ["an encoded lone surrogate", "q=%ED%A0%80", "q"],
    ["a truncated UTF-8 sequence", "q=%E2%82", "q"],
  ])("%s", async (_what, query, parameter) => {
    expectNamed(await getJson(actor("admin"), `/api/resources/users?${query}`), parameter);
  });

  it("a cursor carrying a NUL byte, raw or inside its encoded key", async () => {
    expectNamed(await getJson(actor("admin"), `/api/resources/users?cursor=abc${nul}`), "cursor");
    const crafted = Buffer.from(JSON.stringify(["createdAt", "desc", "2026-01-01\u0000", "x"])).toString("base64url");
    const result = await getJson(actor("admin"), `/api/resources/users?cursor=${crafted}`);
    expect(result.status).toBe(400);
    expect(Object.keys((result.body.error as { fieldErrors: object }).fieldErrors)).toEqual(["cursor"]);
  });

  it("exports and record pages go through the same check", async () => {
    expectNamed(await getJson(actor("admin"), `/api/exports/users?q=${nul}`), "q");
    const [{ id }] = await database().rows<{ id: string }>(sql`SELECT id FROM users LIMIT 1`);
    expectNamed(await getJson(actor("admin"), `/api/resources/users/${id}?include=${nul}`), "include");
  });

  it("map parameters", async () => {
    const call = async (handler: (request: Request) => Promise<Response>, path: string) => {
      const response = await runAsActor(actor("admin"), () => handler(new Request(`http://map.test${path}`)));
      return { status: response.status, body: (await response.json()) as Problem["body"] };
    };
    expectNamed(
      await call(viewport, `/api/map/viewport?west=-10&south=-10&east=10&north=10&zoom=3&gender=${nul}`),
      "gender",
    );
    expectNamed(await call(profile, `/api/map/profile?userId=${nul}`), "userId");
  });

  it("without a session, it is still a 401 first (nothing is said about the input)", async () => {
    expect((await getJson(null, `/api/resources/users?q=${nul}`)).status).toBe(401);
  });
});

describe("server actions: unstorable text is a field error and nothing is written", () => {
  const event = {
    title: "Night",
    type: "speed_dating",
    startTime: "2031-03-01T19:00:00Z",
    endTime: "2031-03-01T21:00:00Z",
    capacity: 20,
    price: "15.00",
  };

  it.each([
    ["a NUL byte", "Speed\u0000dating"],
    ["an unpaired surrogate", "Speed \ud800 dating"],
  ])("%s in a field", async (_what, title) => {
    const before = await checksum(database(), "events");
    const audits = await auditCount(database());
    const result = await as(actor("admin"), () => createRecord("events", { ...event, title }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { title: expect.stringMatching(/cannot be stored/) } },
    });
    expect(await checksum(database(), "events")).toBe(before);
    expect(await auditCount(database())).toBe(audits);
  });

  it("in a nested value or a key, and in staff management", async () => {
    const [{ id }] = await database().rows<{ id: string }>(sql`SELECT id FROM users LIMIT 1`);
    const before = await checksum(database(), "users");
    expect(await as(actor("admin"), () => updateRecord("users", id, { ["verified\u0000"]: true }))).toMatchObject({
      ok: false,
      error: { fieldErrors: { "verified\\0": expect.any(String) } },
    });
    expect(await checksum(database(), "users")).toBe(before);
    const staff = await as(actor("admin"), () =>
      createStaff({ email: "nul@saltbitter.test", name: "N\u0000", role: "analyst", password: "long-enough-password" }),
    );
    expect(staff).toMatchObject({ ok: false, error: { fieldErrors: { name: expect.any(String) } } });
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM staff_accounts WHERE email = 'nul@saltbitter.test'`,
    );
    expect(Number(n)).toBe(0);
  });

  it("in the record id of an edit or a delete: a field error naming the id, nothing changes", async () => {
    const before = await checksum(database(), "events");
    const audits = await auditCount(database());
    const badId = "00000000-0000-0000-0000-00000000000\u0000";
    for (const result of [
      await as(actor("admin"), () => updateRecord("events", badId, { title: "Renamed" })),
      await as(actor("admin"), () => deleteRecord("events", badId)),
    ])
      expect(result).toMatchObject({
        ok: false,
        error: { code: "invalid", fieldErrors: { id: expect.stringMatching(/cannot be stored/) } },
      });
    expect(await checksum(database(), "events")).toBe(before);
    expect(await auditCount(database())).toBe(audits);
  });

  it("payloads of the wrong shape get a result, never an exception or a stack", async () => {
    const errors = vi.spyOn(console, "error");
    for (const payload of [null, "a string", 42, [1, 2], { title: { $gt: "" } }, { capacity: [20] }]) {
      const result = await as(actor("admin"), () => createRecord("events", payload));
      expect(result).toMatchObject({ ok: false, error: { code: "invalid" } });
      expect(JSON.stringify(result)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const deep = JSON.parse(`${"[".repeat(2000)}${"]".repeat(2000)}`) as unknown;
    expect(await as(actor("admin"), () => createRecord("events", deep))).toMatchObject({ ok: false });
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("failed queries are logged without their parameters", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a database error's log line has the SQL and SQLSTATE but not the values", async () => {
    let thrown: unknown;
    try {
      await database().db.execute(sql`SELECT ${"secret-search-term@example.com"}::int`);
    } catch (error) {
      thrown = error;
    }
    const line = describeError(thrown);
    expect(line).toMatch(/22P02/);
    expect(line).toMatch(/select \$1::int/i);
    expect(line).not.toContain("secret-search-term");
  });
});
