import { sql, type Database } from "../../db/client";
import type { StaffActor } from "../../server/auth/actor";
import type { StaffRole } from "../../db/schema/enums";

/** A staff account in the database (audit rows reference it) and the actor for runAsActor. */
export async function insertStaff(database: Database, role: StaffRole = "compliance_officer"): Promise<StaffActor> {
  const email = `${role}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@saltbitter.test`;
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO staff_accounts (email, name, password_hash, role) VALUES (${email}, ${`Test ${role}`}, 'x', ${role}) RETURNING id`);
  return { staffId: row.id, email, name: `Test ${role}`, role };
}

/** Fails the test with the action's error message instead of a bare "expected false to be true". */
export function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(`action failed: ${result.error.message}`);
  return result.data;
}
