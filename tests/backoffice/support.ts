import { beforeAll } from "vitest";
import { sql, type Database } from "@/db/client";
import { seedDatabase } from "@/db/seeding";
import type { StaffRole } from "@/db/schema/enums";
import type { Transaction } from "@/server/actions/defineAction";
import { runAsActor, type StaffActor } from "@/server/auth/actor";
import { DomainError } from "@/server/errors";
import { exportRoute, listRoute, showRoute } from "@/server/resources/routes";
import { useFreshDatabase } from "../support/database";

export const roles: StaffRole[] = ["admin", "trust_safety", "compliance_officer", "analyst"];

/**
 * A fresh database per test file, seeded with the deterministic demo data (all twelve tables and
 * one staff account per role), and the four staff actors to call server code as.
 */
export function useSeededDatabase(users = 120): { database: () => Database; actor: (role: StaffRole) => StaffActor } {
  const database = useFreshDatabase();
  const actors = new Map<StaffRole, StaffActor>();
  beforeAll(async () => {
    await seedDatabase(database(), { users, seed: 7, anchor: "2026-01-01T00:00:00Z" });
    const rows = await database().rows<{ id: string; email: string; name: string; role: StaffRole }>(
      sql`SELECT id, email, name, role FROM staff_accounts`,
    );
    for (const r of rows) actors.set(r.role, { staffId: r.id, email: r.email, name: r.name, role: r.role });
  });
  return {
    database,
    actor: (role) => {
      const found = actors.get(role);
      if (!found) throw new Error(`no seeded staff account with role ${role}`);
      return found;
    },
  };
}

/**
 * One staff account per role with fixed ids, for the test files that write their own handful of rows
 * instead of seeding the demo data; `insertStaff` writes them to the test file's database.
 */
export const staff: Record<StaffRole, StaffActor> = {
  admin: { staffId: "00000000-0000-4000-b000-000000000001", email: "a@staff.test", name: "A", role: "admin" },
  trust_safety: {
    staffId: "00000000-0000-4000-b000-000000000002",
    email: "t@staff.test",
    name: "T",
    role: "trust_safety",
  },
  compliance_officer: {
    staffId: "00000000-0000-4000-b000-000000000003",
    email: "c@staff.test",
    name: "C",
    role: "compliance_officer",
  },
  analyst: { staffId: "00000000-0000-4000-b000-000000000004", email: "n@staff.test", name: "N", role: "analyst" },
};

export async function insertStaff(database: Database): Promise<void> {
  for (const actor of Object.values(staff))
    await database.rows(sql`INSERT INTO staff_accounts (id, email, name, password_hash, role)
      VALUES (${actor.staffId}, ${actor.email}, ${actor.name}, 'x', ${actor.role})`);
}

export const as = <T>(actor: StaffActor | null, fn: () => Promise<T>) => runAsActor(actor, fn);

/** Calls a route handler as it runs in Next: a Request and the route's params. */
export async function getJson(
  actor: StaffActor | null,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> & { data?: unknown } }> {
  const response = await getResponse(actor, path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function getResponse(actor: StaffActor | null, path: string): Promise<Response> {
  const url = new URL(path, "http://backoffice.test");
  const parts = url.pathname.split("/").filter(Boolean); // api, resources|exports, resource, id?
  const request = new Request(url);
  return runAsActor(actor, () => {
    if (parts[1] === "exports") return exportRoute(request, { params: Promise.resolve({ resource: parts[2] }) });
    if (parts.length === 4)
      return showRoute(request, { params: Promise.resolve({ resource: parts[2], id: parts[3] }) });
    return listRoute(request, { params: Promise.resolve({ resource: parts[2] }) });
  });
}

/** A fingerprint of a whole table: any change to any row changes it. */
export async function checksum(database: Database, table: string): Promise<string> {
  const [row] = await database.rows<{ sum: string | null; n: number }>(
    sql.raw(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum, count(*)::int AS n FROM "${table}" t`,
    ),
  );
  return `${row.n}:${row.sum}`;
}

export async function auditCount(database: Database): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM compliance_logs WHERE staff_id IS NOT NULL`,
  );
  return Number(row.n);
}

/** Runs `fn` in a transaction of `database` that is then rolled back: its result, or the error it threw. */
export async function inRolledBackTransaction<T>(database: Database, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const sentinel = new Error("rollback");
  let result: T | undefined;
  try {
    await database.db.transaction(async (tx) => {
      result = await fn(tx);
      throw sentinel;
    });
  } catch (error) {
    if (error !== sentinel) throw error;
  }
  return result as T;
}

/** A DomainError's code, message and field errors, or "done" when `run` succeeded; other errors are thrown. */
export async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
  }
  return "done";
}
