import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import { displayName, type Person } from "@/lib/resources/people";
import { recordTitle } from "@/lib/resources/labels";
import { can, type CrudResource } from "../auth/permissions";
import { peopleById } from "../people/peopleById";
import { searchPeople } from "../people/searchPeople";
import { personFields, userIdsIn } from "../people/userReferences";
import { getRecord } from "../resources/getRecord";
import { isUuid } from "../resources/listParams";
import { seesVerbatim } from "../resources/masking";
import { registry } from "../resources/registry";
import type { ResolvedField } from "../resources/types";
import { resourcesHoldingId } from "./findById";

/** One record the command palette offers: where it lives, what it is called, where it opens. */
export interface RecordHit {
  resource: CrudResource;
  id: string;
  /** The record's name as the role may see it ("Leon I.", "Speed dating Berlin"). */
  title: string;
  /** A second line: the user's email (masked for analysts), the event's date, the payment's amount. */
  subtitle?: string;
  href: string;
  /** For users: the person, so the palette can show the restriction. */
  person?: Person;
}

export interface RecordSearchResult {
  hits: RecordHit[];
}

const PER_KIND = 5;
/** The shape of a Stripe object id (pi_…, in_…): only such text is looked up among payments. */
const stripeId = /^(pi|ch|py|in)_[A-Za-z0-9]{6,}$/;

const hrefOf = (resource: CrudResource, id: string) => `/${resource}/show/${id}`;
const verbatim = (resource: CrudResource, field: string, role: StaffRole) =>
  seesVerbatim(registry[resource].fieldsByName.get(field) as ResolvedField, role);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A pasted id: every record of that id the role may open, titled as the role may see it. */
async function byId(database: Database, role: StaffRole, id: string): Promise<RecordHit[]> {
  const resources = await resourcesHoldingId(database, role, id);
  const records = await Promise.all(resources.map((name) => getRecord(database, registry[name], role, id)));
  const ids = records.flatMap((record, i) => userIdsIn([record], personFields(registry[resources[i]])));
  const people = await peopleById(database, role, ids);
  const nameOf = (userId: string) => (people[userId] ? displayName(people[userId]) : undefined);
  return records.map((record, i) => {
    const resource = resources[i];
    const person = resource === "users" ? people[record.id] : undefined;
    return {
      resource,
      id: record.id,
      title: recordTitle(registry[resource], record, nameOf),
      ...(person?.email ? { subtitle: person.email } : {}),
      href: hrefOf(resource, record.id),
      ...(person ? { person } : {}),
    };
  });
}

async function users(database: Database, role: StaffRole, q: string): Promise<RecordHit[]> {
  const { people } = await searchPeople(database, role, q, PER_KIND);
  return people.map((person) => ({
    resource: "users",
    id: person.id,
    title: displayName(person),
    ...(person.email ? { subtitle: person.email } : {}),
    href: hrefOf("users", person.id),
    person,
  }));
}

async function events(database: Database, role: StaffRole, q: string): Promise<RecordHit[]> {
  if (!can(role, "list", "events") || !verbatim("events", "title", role)) return [];
  const rows = await database.rows<{ id: string; title: string; starts: string }>(sql`
    SELECT id, title, to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS starts FROM events
    WHERE title ILIKE ${`%${escapeLike(q)}%`} ORDER BY start_time DESC LIMIT ${PER_KIND}`);
  return rows.map((row) => ({
    resource: "events",
    id: String(row.id),
    title: row.title,
    subtitle: `Event on ${row.starts}`,
    href: hrefOf("events", String(row.id)),
  }));
}

async function payments(database: Database, role: StaffRole, q: string): Promise<RecordHit[]> {
  if (!stripeId.test(q) || !can(role, "list", "payments")) return [];
  const byPayment = verbatim("payments", "stripePaymentId", role);
  const byInvoice = verbatim("payments", "stripeInvoiceId", role);
  if (!byPayment && !byInvoice) return [];
  const rows = await database.rows<{ id: string; user_id: string; amount: string; status: string }>(sql`
    SELECT id, user_id, amount::text AS amount, status FROM payments
    WHERE ${byPayment ? sql`stripe_payment_id = ${q}` : sql`false`} OR ${byInvoice ? sql`stripe_invoice_id = ${q}` : sql`false`}
    LIMIT ${PER_KIND}`);
  const people = await peopleById(
    database,
    role,
    rows.map((row) => String(row.user_id)),
  );
  return rows.map((row) => {
    const person = people[String(row.user_id)];
    return {
      resource: "payments",
      id: String(row.id),
      title: `Payment of ${person ? displayName(person) : "an unknown user"}`,
      subtitle: `${Number(row.amount).toFixed(2)} · ${row.status} · ${q}`,
      href: hrefOf("payments", String(row.id)),
    };
  });
}

/**
 * The command palette's record search (Ctrl/⌘ K): a pasted UUID is looked up in every table the
 * role may open; other text finds users by email or name (as far as the role may search them),
 * events by title and payments by Stripe id. A resource the role cannot list contributes nothing,
 * and everything shown goes through the role's masking.
 */
export async function searchRecords(database: Database, role: StaffRole, text: string): Promise<RecordSearchResult> {
  const q = text.trim();
  if (!q) return { hits: [] };
  if (isUuid(q)) return { hits: await byId(database, role, q.toLowerCase()) };
  const found = [
    ...(await users(database, role, q)),
    ...(await events(database, role, q)),
    ...(await payments(database, role, q)),
  ];
  return { hits: found };
}
