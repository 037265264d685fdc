import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { PeopleById } from "@/lib/resources/people";
import type { ResourceMeta } from "@/lib/resources/types";
import { resourceMetadata } from "@/server/resources/metadata";
import { runAsActor } from "@/server/auth/actor";
import { GET as peopleSearchRoute } from "@/app/api/people/search/route";
import { GET as searchRoute } from "@/app/api/search/route";
import { getJson, useSeededDatabase } from "../backoffice/support";
import { queriesDuring } from "./support";

/** The generic list and show API carry the people their rows reference: one lookup per page, masked per role. */
const { database, actor } = useSeededDatabase(120);

type Page = { data: Record<string, unknown>[]; people: PeopleById };
/** The people lookup's statement (server/people/peopleById.ts) among those a request ran. */
const isPeopleLookup = (query: string) => /FROM users u\s+LEFT JOIN profiles p/.test(query);

async function namesById(ids: string[]): Promise<Map<string, string>> {
  const rows = await database().rows<{ user_id: string; name: string }>(
    sql`SELECT user_id, name FROM profiles WHERE user_id IN (${sql.join(ids, sql`, `)})`,
  );
  return new Map(rows.map((row) => [String(row.user_id), row.name]));
}

describe("people in list responses", () => {
  it("a page of 25 matches carries both users of every row, named as in their profiles", async () => {
    const { status, body } = await getJson(actor("admin"), "/api/resources/matches?pageSize=25");
    expect(status).toBe(200);
    const page = body as unknown as Page;
    expect(page.data).toHaveLength(25);
    const ids = [...new Set(page.data.flatMap((row) => [String(row.userAId), String(row.userBId)]))];
    expect(Object.keys(page.people).sort()).toEqual([...ids].sort());
    const names = await namesById(ids);
    for (const id of ids) expect(page.people[id].name).toBe(names.get(id) ?? null);
  });

  it("costs one people lookup per page, not one per row: 5 rows and 25 rows run the same statements", async () => {
    const db = database();
    const small = await queriesDuring(db, () => getJson(actor("admin"), "/api/resources/matches?pageSize=5"));
    const large = await queriesDuring(db, () => getJson(actor("admin"), "/api/resources/matches?pageSize=25"));
    expect(large.queries.filter(isPeopleLookup)).toHaveLength(1);
    expect(small.queries.filter(isPeopleLookup)).toHaveLength(1);
    expect(large.queries.length).toBe(small.queries.length);
  });

  it("masks the people for an analyst: initials and masked emails only", async () => {
    const { body } = await getJson(actor("analyst"), "/api/resources/payments?pageSize=25");
    const people = Object.values((body as unknown as Page).people);
    expect(people.length).toBeGreaterThan(0);
    for (const person of people) {
      if (person.name !== null) expect(person.name).toMatch(/^(\p{Lu}\.)( \p{Lu}\.)?$/u);
      if (person.email !== null) expect(person.email).toMatch(/^.\*\*\*@/);
      expect(person.photo).toBeNull();
    }
  });

  it("the users list carries each row's own person; a message list never selects message content", async () => {
    const users = (await getJson(actor("trust_safety"), "/api/resources/users?pageSize=10")).body as unknown as Page;
    expect(Object.keys(users.people).sort()).toEqual(users.data.map((row) => String(row.id)).sort());
    const { queries, result } = await queriesDuring(database(), () =>
      getJson(actor("admin"), "/api/resources/messages?pageSize=25"),
    );
    expect(Object.keys((result.body as unknown as Page).people).length).toBeGreaterThan(0);
    for (const query of queries) expect(query).not.toMatch(/"content"|\bcontent\b/);
  });
});

describe("people in show responses", () => {
  it("a user's page carries the people of their matches", async () => {
    const [{ user_a_id: userId }] = await database().rows<{ user_a_id: string }>(
      sql`SELECT user_a_id FROM matches ORDER BY created_at DESC LIMIT 1`,
    );
    const { body } = await getJson(actor("admin"), `/api/resources/users/${userId}?include=related`);
    const show = body as unknown as { people: PeopleById; related: { matches: Record<string, unknown>[] } };
    expect(show.people[userId]).toBeDefined();
    for (const match of show.related.matches) {
      expect(show.people[String(match.userAId)]).toBeDefined();
      expect(show.people[String(match.userBId)]).toBeDefined();
    }
  });
});

describe("the registry's metadata marks user references", () => {
  it("user columns, user filters and user form fields are of kind person", () => {
    const meta = new Map<string, ResourceMeta>(resourceMetadata("admin").map((m) => [m.name, m]));
    const kindOf = (resource: string, field: string, where: "listColumns" | "filters" | "formFields") =>
      meta.get(resource)?.[where].find((f) => f.field === field)?.kind;
    expect(kindOf("matches", "userAId", "listColumns")).toBe("person");
    expect(kindOf("matches", "userBId", "filters")).toBe("person");
    expect(kindOf("event_registrations", "userId", "formFields")).toBe("person");
    expect(kindOf("event_registrations", "eventId", "formFields")).toBe("uuid");
    expect(kindOf("compliance_logs", "staffId", "filters")).toBe("uuid");
    expect(meta.get("users")?.people).toEqual(["id"]);
    expect(meta.get("events")?.titleField).toBe("title");
  });
});

describe("the routes", () => {
  const call = (
    route: (request: Request) => Promise<Response>,
    path: string,
    role: Parameters<typeof actor>[0] | null,
  ) => runAsActor(role ? actor(role) : null, () => route(new Request(new URL(path, "http://backoffice.test"))));

  it("answer only a signed-in staff member, and name a bad parameter", async () => {
    expect((await call(peopleSearchRoute, "/api/people/search?q=leon", null)).status).toBe(401);
    expect((await call(searchRoute, "/api/search?q=leon", null)).status).toBe(401);
    const tooLong = await call(searchRoute, `/api/search?q=${"x".repeat(201)}`, "admin");
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/^q: /);
  });

  it("the people search answers with the people and what the role may search by", async () => {
    const [{ email, id }] = await database().rows<{ email: string; id: string }>(
      sql`SELECT email, id FROM users WHERE erased_at IS NULL ORDER BY created_at LIMIT 1`,
    );
    const response = await call(peopleSearchRoute, `/api/people/search?q=${encodeURIComponent(email)}`, "admin");
    const body = (await response.json()) as { people: { id: string }[]; searchedBy: string[] };
    expect(body.people.map((p) => p.id)).toContain(id);
    expect(body.searchedBy).toEqual(["id", "email", "name"]);
    const analyst = await call(peopleSearchRoute, `/api/people/search?q=${encodeURIComponent(email)}`, "analyst");
    expect(await analyst.json()).toEqual({ people: [], searchedBy: ["id"] });
  });
});
