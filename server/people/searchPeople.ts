import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import type { Person } from "@/lib/resources/people";
import { can } from "../auth/permissions";
import { isUuid } from "../resources/listParams";
import { seesVerbatim } from "../resources/masking";
import { registry } from "../resources/registry";
import type { ResolvedField } from "../resources/types";
import { peopleById } from "./peopleById";

/** Shorter text has no trigram to look up (pg_trgm indexes three-letter runs): it would scan a million rows. */
export const MIN_SEARCH_LENGTH = 3;

export type PeopleSearchBy = "id" | "email" | "name";

export interface PeopleSearchResult {
  people: Person[];
  /** What this role may search by: analysts see emails and names masked, so only by id. */
  searchedBy: PeopleSearchBy[];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What `role` may find a user by: the fields it sees as stored, never one it sees masked (no probing). */
export function peopleSearchFields(role: StaffRole): PeopleSearchBy[] {
  if (!can(role, "list", "users")) return [];
  const email = registry.users.fieldsByName.get("email") as ResolvedField;
  const name = registry.profiles.fieldsByName.get("name") as ResolvedField;
  return [
    "id",
    ...(seesVerbatim(email, role) ? (["email"] as const) : []),
    ...(can(role, "list", "profiles") && seesVerbatim(name, role) ? (["name"] as const) : []),
  ];
}

/**
 * Users by email, display name or id, best first: a pasted id finds exactly that user (erased ones
 * too: requests and evidence outlive the profile); otherwise email and name prefixes before
 * matches inside them. Each branch is a LIMITed lookup on the pg_trgm indexes of migration 0005
 * (users.email, profiles.name), so it stays fast on a million users; the people are then shown
 * through the one masked lookup every screen uses.
 */
export async function searchPeople(
  database: Database,
  role: StaffRole,
  text: string,
  limit = 10,
): Promise<PeopleSearchResult> {
  const searchedBy = peopleSearchFields(role);
  const q = text.trim();
  if (!searchedBy.length || !q) return { people: [], searchedBy };
  if (isUuid(q)) {
    const found = await peopleById(database, role, [q]);
    return { people: Object.values(found), searchedBy };
  }
  if (q.length < MIN_SEARCH_LENGTH || q.length > 200) return { people: [], searchedBy };

  const prefix = `${escapeLike(q)}%`;
  const inside = `%${escapeLike(q)}%`;
  const branches: SQL[] = [];
  const branch = (rank: number, query: SQL) => branches.push(sql`(SELECT id, ${rank} AS rank FROM (${query}) b)`);
  const live = sql`u.erased_at IS NULL`;
  if (searchedBy.includes("email")) {
    branch(0, sql`SELECT u.id FROM users u WHERE u.email ILIKE ${prefix} AND ${live} LIMIT ${limit}`);
    branch(2, sql`SELECT u.id FROM users u WHERE u.email ILIKE ${inside} AND ${live} LIMIT ${limit}`);
  }
  if (searchedBy.includes("name")) {
    branch(1, sql`SELECT p.user_id AS id FROM profiles p WHERE p.name ILIKE ${prefix} LIMIT ${limit}`);
    branch(3, sql`SELECT p.user_id AS id FROM profiles p WHERE p.name ILIKE ${inside} LIMIT ${limit}`);
  }
  if (!branches.length) return { people: [], searchedBy };
  const hits = await database.rows<{ id: string }>(sql`
    SELECT id FROM (${sql.join(branches, sql` UNION ALL `)}) hits
    GROUP BY id ORDER BY min(rank), id LIMIT ${limit}`);
  const ids = hits.map((hit) => String(hit.id));
  const people = await peopleById(database, role, ids);
  return { people: ids.map((id) => people[id]).filter((person) => person !== undefined), searchedBy };
}
