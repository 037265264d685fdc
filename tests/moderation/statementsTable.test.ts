import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/client";
import type { StaffActor } from "../../server/auth/actor";
import { insertStaff } from "../compliance/support";
import { useFreshDatabase } from "../support/database";
import { insertUser } from "../support/fixtures";
import { pgErrorFrom } from "../support/pgError";
import { insertDecision } from "./support";

/**
 * The statements_of_reasons table itself: it stores a body with a puid of the DSA database's shape
 * (letters, digits, - and _, at most 500 characters) and refuses any other, and it is append-only.
 */
const database = useFreshDatabase();
let staff: StaffActor;
beforeAll(async () => {
  staff = await insertStaff(database(), "trust_safety");
});

async function decision() {
  const user = await insertUser(database());
  return insertDecision(database(), { subjectUserId: user, staffId: staff.staffId, kind: "terminate", from: "0 days" });
}

const insert = (actionId: string, puid: string) =>
  database().rows(sql`INSERT INTO statements_of_reasons (action_id, puid, body)
    VALUES (${actionId}, ${puid}, ${JSON.stringify({ puid })}::jsonb) RETURNING id`);

describe("statements_of_reasons", () => {
  it("stores a statement whose puid has the DSA database's shape, up to 500 characters", async () => {
    expect(await insert(await decision(), "sor-3f2a9c1e-0b7d-4e21-9a55-1c2d3e4f5a6b")).toHaveLength(1);
    expect(await insert(await decision(), `p_${"x".repeat(498)}`)).toHaveLength(1);
  });

  it("refuses a puid with other characters or over 500 characters, naming the constraint", async () => {
    for (const puid of ["with space", "dot.ted", "", "x".repeat(501)]) {
      const error = await pgErrorFrom(insert(await decision(), puid));
      // 22001 (value too long for varchar(500)) or the CHECK; never an unusable constraint (2201B).
      expect(["23514", "22001"], puid).toContain(error.code);
    }
  });

  it("is append-only: no update or delete", async () => {
    const action = await decision();
    await insert(action, `sor-${action}`);
    for (const change of [
      sql`UPDATE statements_of_reasons SET body = '{}'::jsonb WHERE action_id = ${action}`,
      sql`DELETE FROM statements_of_reasons WHERE action_id = ${action}`,
    ]) {
      const error = await pgErrorFrom(database().rows(change));
      expect(error.message).toMatch(/statements_of_reasons is append-only/);
    }
  });
});
