import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/db/client";
import type { StaffActor } from "@/server/auth/actor";
import { peopleById } from "@/server/people/peopleById";
import { insertStaff } from "../compliance/support";
import { endOf, insertDecision } from "../moderation/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { insertPerson, queriesDuring, token } from "./support";

/** One lookup shows every referenced user as the role may see them: name, avatar, email, restriction. */
const database = useFreshDatabase();
const t = token();
let moderator: StaffActor;
let leon: string;
let ana: string;
let noProfile: string;
let erased: string;

beforeAll(async () => {
  const db = database();
  moderator = await insertStaff(db, "trust_safety");
  leon = await insertPerson(db, {
    email: `leon.ivanov.${t}@example.test`,
    name: "Leon Ivanov",
    photos: ["/photos/leon-1.jpg", "/photos/leon-2.jpg"],
  });
  ana = await insertPerson(db, { email: `ana.k.${t}@example.test`, name: "Ana K.", photos: [] });
  noProfile = await insertUser(db, `quiet.${t}@example.test`);
  erased = await insertPerson(db, { email: `gone.${t}@example.test`, name: "Gone Person" });
  // What an erasure leaves (server/compliance/erasure.ts): a tombstone row without its profile.
  await db.rows(sql`DELETE FROM profiles WHERE user_id = ${erased}`);
  await db.rows(
    sql`UPDATE users SET email = ${`erased-${erased}@erased.invalid`}, erased_at = now() WHERE id = ${erased}`,
  );
});

describe("peopleById", () => {
  it("gives an admin the display name, the first photo and the email as stored", async () => {
    const people = await peopleById(database(), "admin", [leon, ana]);
    expect(people[leon]).toEqual({
      id: leon,
      name: "Leon Ivanov",
      email: `leon.ivanov.${t}@example.test`,
      photo: "/photos/leon-1.jpg",
      erased: false,
      restriction: null,
    });
    expect(people[ana]).toMatchObject({ name: "Ana K.", photo: null, email: `ana.k.${t}@example.test` });
  });

  it("gives an analyst initials and a masked email, and no photo", async () => {
    const people = await peopleById(database(), "analyst", [leon]);
    expect(people[leon]).toMatchObject({ name: "L. I.", email: "l***@example.test", photo: null });
    expect(JSON.stringify(people)).not.toContain("ivanov");
  });

  it("shows an account without a profile by its email, and an erased one as erased with nothing personal", async () => {
    const people = await peopleById(database(), "admin", [noProfile, erased]);
    expect(people[noProfile]).toMatchObject({ name: null, email: `quiet.${t}@example.test`, erased: false });
    expect(people[erased]).toEqual({
      id: erased,
      name: null,
      email: null,
      photo: null,
      erased: true,
      restriction: null,
    });
  });

  it("leaves out ids that name nobody and text that is not an id, and takes upper-case ids", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    const people = await peopleById(database(), "admin", [nobody, "not-an-id", leon.toUpperCase()]);
    expect(Object.keys(people)).toEqual([leon]);
  });

  it("carries the account's current restriction, to the roles that may see moderation decisions", async () => {
    const db = database();
    const [suspended, terminated, hidden, expired] = await Promise.all(
      ["s", "t", "h", "e"].map((k) => insertPerson(db, { email: `${k}.${t}@example.test`, name: `Restricted ${k}` })),
    );
    const suspension = await insertDecision(db, {
      subjectUserId: suspended,
      staffId: moderator.staffId,
      kind: "suspend",
      from: "-1 day",
      until: "6 days",
    });
    await insertDecision(db, {
      subjectUserId: terminated,
      staffId: moderator.staffId,
      kind: "terminate",
      from: "-1 hour",
    });
    await insertDecision(db, {
      subjectUserId: hidden,
      staffId: moderator.staffId,
      kind: "restrict_visibility",
      from: "-1 hour",
    });
    await insertDecision(db, {
      subjectUserId: expired,
      staffId: moderator.staffId,
      kind: "suspend",
      from: "-9 days",
      until: "-2 days",
    });

    const ids = [suspended, terminated, hidden, expired];
    for (const role of ["admin", "trust_safety", "compliance_officer"] as const) {
      const people = await peopleById(db, role, ids);
      expect(people[suspended].restriction, role).toEqual({
        kind: "suspended",
        until: (await endOf(db, suspension)).toISOString(),
      });
      expect(people[terminated].restriction, role).toEqual({ kind: "terminated" });
      expect(people[hidden].restriction, role).toEqual({ kind: "visibility_restricted", until: null });
      expect(people[expired].restriction, role).toBeNull();
    }
    // Analysts see the transparency report's aggregates only, not decisions on one account.
    const forAnalyst = await peopleById(db, "analyst", ids);
    expect(ids.map((id) => forAnalyst[id].restriction)).toEqual([null, null, null, null]);
  });

  it("looks up a page's people in one query, however many ids", async () => {
    const db = database();
    const many = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        insertPerson(db, { email: `many-${i}.${t}@example.test`, name: `Many ${i}` }),
      ),
    );
    const { result, queries } = await queriesDuring(db, () => peopleById(db, "admin", [...many, ...many]));
    expect(Object.keys(result)).toHaveLength(30);
    expect(queries).toHaveLength(1);
    const none = await queriesDuring(db, () => peopleById(db, "admin", []));
    expect(none.queries).toHaveLength(0);
  });
});
