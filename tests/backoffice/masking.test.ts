import { describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { ListResponse, ResourceRow } from "@/lib/resources/types";
import { resourceMetadata } from "@/server/resources/metadata";
import { maskPersonName, personNameFor } from "@/server/resources/masking";
import { getJson, getResponse, useSeededDatabase } from "./support";

/** Analysts see personal data masked; message content only for trust & safety and admins. */
const { database, actor } = useSeededDatabase(40);
const listAs = async (role: Parameters<typeof actor>[0], path: string) =>
  (await getJson(actor(role), path)).body as unknown as ListResponse;

describe("masking", () => {
  it("analysts get emails partly hidden, no bios, no photos, locations rounded to 1 decimal", async () => {
    const users = await listAs("analyst", "/api/resources/users?pageSize=50");
    expect(users.data.length).toBeGreaterThan(0);
    for (const row of users.data) expect(row.email).toMatch(/^[^*@]\*\*\*@[^@]+$/);
    const [located] = await database().rows<{ user_id: string; lat: number; lng: number }>(sql`
      SELECT user_id, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng FROM profiles
      WHERE location IS NOT NULL AND bio IS NOT NULL LIMIT 1`);
    const { body } = await getJson(actor("analyst"), `/api/resources/profiles/${located.user_id}`);
    const profile = body.data as ResourceRow;
    expect(profile.bio).toBeNull();
    expect(profile.photos).toBeNull();
    expect(profile.location).toEqual({
      lat: Math.round(located.lat * 10) / 10,
      lng: Math.round(located.lng * 10) / 10,
    });
    const asAdmin = (await getJson(actor("admin"), `/api/resources/profiles/${located.user_id}`)).body
      .data as ResourceRow;
    expect(asAdmin.bio).not.toBeNull();
    expect((asAdmin.location as { lat: number }).lat).toBeCloseTo(located.lat, 6);
  });

  it("analysts see no IP addresses and no audit metadata", async () => {
    const consent = await listAs("analyst", "/api/resources/consent_logs?pageSize=50");
    expect(consent.data.every((r) => r.ipAddress === null)).toBe(true);
    const [{ n }] = await database().rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM consent_logs WHERE ip_address IS NOT NULL`,
    );
    expect(Number(n)).toBeGreaterThan(0);
    const logs = await listAs("analyst", "/api/resources/compliance_logs?pageSize=50");
    expect(logs.data.every((r) => r.metadata === null)).toBe(true);
  });

  it("message content never leaves through the generic list, show or export, for any role (only the audited conversation view)", async () => {
    const [message] = await database().rows<{ id: string; content: string }>(
      sql`SELECT id::text AS id, content FROM messages LIMIT 1`,
    );
    const stored = message.content.split(":")[3];
    for (const role of ["admin", "trust_safety", "compliance_officer", "analyst"] as const) {
      const page = await listAs(role, "/api/resources/messages?pageSize=20");
      expect(page.data.length, role).toBeGreaterThan(0);
      expect(
        page.data.every((m) => !("content" in m)),
        role,
      ).toBe(true);
      const shown = JSON.stringify((await getJson(actor(role), `/api/resources/messages/${message.id}`)).body);
      expect(shown, role).not.toContain(stored);
      expect(shown, role).not.toMatch(/"content"/);
      const csv = await (await getResponse(actor(role), "/api/exports/messages")).text();
      expect(csv.split("\r\n")[0], role).not.toMatch(/content/i);
      expect(csv, role).not.toContain("sb1:");
    }
    expect((await getJson(actor("admin"), "/api/resources/messages?f.content.contains=a")).status).toBe(400);
    expect(resourceMetadata("admin").find((m) => m.name === "messages")?.searchable).toBe(false);
  });

  it("analysts cannot filter, sort or search by a masked field (no probing the hidden value)", async () => {
    expect((await getJson(actor("analyst"), "/api/resources/users?f.email.contains=a")).status).toBe(400);
    expect((await getJson(actor("analyst"), "/api/resources/users?sort=email")).status).toBe(400);
    expect((await getJson(actor("analyst"), "/api/resources/users?q=a")).status).toBe(400);
    const users = resourceMetadata("analyst").find((m) => m.name === "users");
    expect(users?.searchable).toBe(false);
    expect(users?.filters.map((f) => f.field)).not.toContain("email");
    expect(resourceMetadata("admin").find((m) => m.name === "users")?.searchable).toBe(true);
  });

  it("the related records of a user are masked too, and CSV exports apply the same masks", async () => {
    const [{ user_id }] = await database().rows<{ user_id: string }>(
      sql`SELECT user_id FROM profiles WHERE bio IS NOT NULL LIMIT 1`,
    );
    const { body } = await getJson(actor("analyst"), `/api/resources/users/${user_id}?include=related`);
    expect((body.data as ResourceRow).email).toMatch(/\*\*\*@/);
    expect((body.related as { profile: ResourceRow }).profile.bio).toBeNull();
    const csv = await (await getResponse(actor("analyst"), "/api/exports/users")).text();
    expect(csv).not.toMatch(/[^*]@example/);
    expect(csv.split("\r\n")[1]).toMatch(/\*\*\*@/);
  });

  it("password hashes never leave the server, for any role", async () => {
    for (const role of ["admin", "analyst"] as const) {
      const text = JSON.stringify((await getJson(actor(role), "/api/resources/users?pageSize=5")).body);
      expect(text).not.toMatch(/password/i);
      const csv = await (await getResponse(actor(role), "/api/exports/users")).text();
      expect(csv).not.toMatch(/password/i);
    }
  });
});

describe("analysts see no names (#9 §4)", () => {
  const initials = /^\p{Lu}\.( \p{Lu}\.)?$/u;

  it("masks a name to the initials of its first and last word, in any script", () => {
    expect(maskPersonName("Leon Ivanov")).toBe("L. I.");
    expect(maskPersonName("  mary  ann   lee ")).toBe("M. L.");
    expect(maskPersonName("élodie Durand")).toBe("É. D.");
    expect(maskPersonName("Zoë")).toBe("Z.");
    expect(personNameFor("analyst", "Leon Ivanov")).toBe("L. I.");
    expect(personNameFor("trust_safety", "Leon Ivanov")).toBe("Leon Ivanov");
    expect(personNameFor("analyst", null)).toBeNull();
  });

  it("in profile lists, show pages and a user's related records; other roles see the name", async () => {
    const stored = await database().rows<{ user_id: string; name: string }>(sql`SELECT user_id, name FROM profiles`);
    const names = new Map(stored.map((r) => [r.user_id, r.name]));
    const page = await listAs("analyst", "/api/resources/profiles?pageSize=50");
    expect(page.data.length).toBeGreaterThan(0);
    for (const row of page.data) {
      expect(row.name).toMatch(initials);
      expect(row.name).toBe(maskPersonName(names.get(row.id)!));
    }
    const [{ user_id, name }] = stored;
    const show = (await getJson(actor("analyst"), `/api/resources/profiles/${user_id}`)).body.data as ResourceRow;
    expect(show.name).toBe(maskPersonName(name));
    const related = (await getJson(actor("analyst"), `/api/resources/users/${user_id}?include=related`)).body;
    expect(JSON.stringify(related)).not.toContain(name);
    expect((related.related as { profile: ResourceRow }).profile.name).toBe(maskPersonName(name));
    for (const role of ["admin", "trust_safety", "compliance_officer"] as const) {
      const full = (await getJson(actor(role), `/api/resources/profiles/${user_id}`)).body.data as ResourceRow;
      expect(full.name, role).toBe(name);
    }
  });

  it("in CSV exports, and analysts cannot search, filter or sort by name to probe it", async () => {
    const stored = await database().rows<{ name: string }>(sql`SELECT name FROM profiles`);
    const csv = await (await getResponse(actor("analyst"), "/api/exports/profiles")).text();
    const lines = csv.trim().split("\r\n");
    expect(lines.length).toBe(stored.length + 1);
    for (const { name } of stored) expect(csv).not.toContain(name);
    const adminCsv = await (await getResponse(actor("admin"), "/api/exports/profiles")).text();
    expect(adminCsv).toContain(stored[0].name);

    const probe = stored[0].name.split(" ")[0];
    for (const query of [`q=${probe}`, `f.name.contains=${probe}`, `f.name.eq=${encodeURIComponent(stored[0].name)}`]) {
      expect((await getJson(actor("analyst"), `/api/resources/profiles?${query}`)).status, query).toBe(400);
      expect((await getJson(actor("admin"), `/api/resources/profiles?${query}`)).status, query).toBe(200);
    }
    const profiles = resourceMetadata("analyst").find((m) => m.name === "profiles");
    expect(profiles?.searchable).toBe(false);
    expect(profiles?.filters.map((f) => f.field)).not.toContain("name");
  });
});
