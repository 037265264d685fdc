import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import { runAsActor, type StaffActor } from "@/server/auth/actor";
import { aggregateFreshness } from "@/server/geo/aggregate";
import { refreshMapAggregate } from "@/server/geo/actions";
import { viewportData } from "@/server/geo/viewport";
import { useFreshDatabase } from "../support/database";
import { insertMapProfile } from "./mapSupport";

/** Rebuilding the precomputed clusters on demand: a staff action, authorized and audited. */
const database = useFreshDatabase();
const world = { west: -180, south: -90, east: 180, north: 90, zoom: 1 };

async function staff(role: StaffRole): Promise<StaffActor> {
  const email = `${role}-refresh@map.test`;
  const [row] = await database().rows<{ id: string }>(sql`
    INSERT INTO staff_accounts (email, name, password_hash, role) VALUES (${email}, ${role}, 'x', ${role}) RETURNING id`);
  return { staffId: row.id, email, name: role, role };
}

beforeAll(async () => {
  await insertMapProfile(database(), { name: "First", lng: 18.07, lat: 59.33 });
});

describe("refreshing the map clusters", () => {
  it("counts profiles added since, records when, and leaves an audit row", async () => {
    const before = await viewportData(database(), world, {}, { points: true });
    await insertMapProfile(database(), { name: "Second", lng: 18.1, lat: 59.3 });
    expect((await viewportData(database(), world, {}, { points: true })).total).toBe(before.total);

    const actor = await staff("trust_safety");
    const result = await runAsActor(actor, () => refreshMapAggregate({}));
    expect(result).toEqual({ ok: true, data: { refreshed: true } });
    expect((await viewportData(database(), world, {}, { points: true })).total).toBe(before.total + 1);
    expect((await aggregateFreshness(database())).profilesPlaced).toBe(before.total + 1);

    const audit = await database().rows<{ staff_id: string; action_type: string }>(sql`
      SELECT staff_id, action_type FROM compliance_logs WHERE action_type = 'staff.map.refresh_aggregate'`);
    expect(audit).toEqual([{ staff_id: actor.staffId, action_type: "staff.map.refresh_aggregate" }]);
  });

  it("is refused to analysts, and to unknown input", async () => {
    const analyst = await staff("analyst");
    const refused = await runAsActor(analyst, () => refreshMapAggregate({}));
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const admin = await staff("admin");
    const invalid = await runAsActor(admin, () => refreshMapAggregate({ everything: true }));
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: "invalid", fieldErrors: { everything: expect.any(String) } },
    });
  });
});
