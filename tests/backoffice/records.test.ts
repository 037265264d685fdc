import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import { runAsActor } from "@/server/auth/actor";
import { requireRecord } from "@/server/resources/requireRecord";
import { getJson, useSeededDatabase } from "./support";

/**
 * A record address that names nothing (a malformed id, or a well-formed one matching no row) is a
 * 404 with a message that says which kind of record and which id, never a 400 or a 500, and the
 * show/edit pages answer with the not-found page at once.
 */
const { database, actor } = useSeededDatabase(20);
const admin = () => actor("admin");
const missing = "00000000-0000-4000-8000-000000000000";

type ErrorBody = { error?: { code?: string; message?: string } };

describe("one record by id", () => {
  it("a malformed id is 404 naming the id, for every kind of record", async () => {
    const cases: [string, string][] = [
      ["events", "Event not found"],
      ["users", "User not found"],
      ["matches", "Match not found"],
      ["payments", "Payment not found"],
      ["compliance_logs", "Compliance log entry not found"],
    ];
    for (const [resource, title] of cases) {
      for (const id of ["xyz", "not-a-uuid", "12345678-1234-1234-1234-12345678901z"]) {
        const { status, body } = await getJson(admin(), `/api/resources/${resource}/${id}`);
        expect(status, `${resource}/${id}`).toBe(404);
        const { error } = body as ErrorBody;
        expect(error?.code).toBe("not_found");
        expect(error?.message).toBe(`${title}: "${id}" is not a record id.`);
      }
    }
  });

  it("a well-formed id that matches nothing is 404 saying no such record has it", async () => {
    const { status, body } = await getJson(admin(), `/api/resources/matches/${missing}`);
    expect(status).toBe(404);
    expect((body as ErrorBody).error).toEqual({
      code: "not_found",
      message: `Match not found: no match has the id "${missing}".`,
    });
    const related = await getJson(admin(), `/api/resources/users/${missing}?include=related`);
    expect(related.status).toBe(404);
  });

  it("an existing record still answers 200 (uppercase hex accepted)", async () => {
    const [{ id }] = await database().rows<{ id: string }>(sql`SELECT id FROM events LIMIT 1`);
    expect((await getJson(admin(), `/api/resources/events/${id}`)).status).toBe(200);
    expect((await getJson(admin(), `/api/resources/events/${id.toUpperCase()}`)).status).toBe(200);
  });

  it("a very long id is shortened in the message", async () => {
    const id = "x".repeat(300);
    const { status, body } = await getJson(admin(), `/api/resources/events/${id}`);
    expect(status).toBe(404);
    expect((body as ErrorBody).error?.message?.length).toBeLessThan(120);
  });
});

/** notFound() throws Next's 404 signal; its digest is how Next recognises it. */
async function pageOutcome(role: "admin", resource: "events" | "users", id: string) {
  try {
    await runAsActor(actor(role), () => requireRecord(resource, id));
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.includes("404")) return "not found";
    throw error;
  }
}

describe("show and edit pages", () => {
  it("render the not-found page for a malformed or missing id, and the screen for an existing one", async () => {
    const [{ id }] = await database().rows<{ id: string }>(sql`SELECT id FROM users LIMIT 1`);
    expect(await pageOutcome("admin", "users", "not-a-uuid")).toBe("not found");
    expect(await pageOutcome("admin", "events", "xyz")).toBe("not found");
    expect(await pageOutcome("admin", "users", missing)).toBe("not found");
    expect(await pageOutcome("admin", "users", id)).toBe("rendered");
  });
});
