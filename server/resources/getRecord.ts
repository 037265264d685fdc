import "server-only";
import { eq, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import type { ResourceRow, ShowResponse, UserRelated } from "@/lib/resources/types";
import { peopleById } from "../people/peopleById";
import { personFields, userIdsIn } from "../people/userReferences";
import { can, type CrudResource } from "../auth/permissions";
import { DomainError } from "../errors";
import { isUuid, type ListQuery } from "./listParams";
import { fetchPage } from "./listQuery";
import { toClientRow } from "./masking";
import { relatedTitles } from "./relatedTitles";
import { recordNotFoundMessage } from "./recordNotFound";
import { registry } from "./registry";
import type { ResolvedField, ResourceDefinition } from "./types";

/** GET /api/resources/[resource]/[id] */
export async function getRecord(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  id: string,
): Promise<ResourceRow> {
  const [row] = isUuid(id) ? await related(database, role, def.name, eq(def.pk.column, id), 1) : [];
  if (!row) throw new DomainError("not_found", recordNotFoundMessage(def, id));
  return row;
}

/**
 * GET /api/resources/[resource]/[id]: the record, for users optionally everything about them
 * (`related`), and the people all of it references, in one lookup.
 */
export async function showRecord(
  database: Database,
  def: ResourceDefinition,
  role: StaffRole,
  id: string,
  include?: "related",
): Promise<ShowResponse> {
  const data = await getRecord(database, def, role, id);
  const related = include === "related" && def.name === "users" ? await userRelated(database, role, id) : undefined;
  const ids = userIdsIn([data], personFields(def));
  if (related) {
    const rowsOf = (name: CrudResource, rows: ResourceRow[]) => userIdsIn(rows, personFields(registry[name]));
    ids.push(...rowsOf("matches", related.matches), ...rowsOf("payments", related.payments));
    ids.push(...rowsOf("ai_interactions", related.aiInteractions));
  }
  const [people, titles] = await Promise.all([
    peopleById(database, role, ids),
    relatedTitles(database, def, role, [data], () => true),
  ]);
  return { data, ...(related ? { related } : {}), people, ...(Object.keys(titles).length ? { titles } : {}) };
}

/** Up to `limit` rows of a resource matching `where`, newest first where the table has a created column, masked for the role. */
async function related(
  database: Database,
  role: StaffRole,
  name: CrudResource,
  where: ReturnType<typeof eq> | undefined,
  limit = 20,
): Promise<ResourceRow[]> {
  const def = registry[name];
  const newest =
    def.fieldsByName.get("createdAt") ?? def.fieldsByName.get("timestamp") ?? def.fieldsByName.get("sentAt");
  const query: ListQuery = {
    page: 1,
    pageSize: limit,
    sort: (newest && !newest.nullable ? newest : def.pk) as ResolvedField,
    order: "desc",
    filters: [],
    extraWhere: where,
  };
  const page = await fetchPage(database, def, role, query);
  return page.rows.map((row) => toClientRow(def, role, row));
}

/** The user show page in one request: each part only if the role may list that resource (else null or empty). */
export async function userRelated(database: Database, role: StaffRole, userId: string): Promise<UserRelated> {
  const allowed = (name: CrudResource) => can(role, "list", name);
  const listOf = (name: CrudResource, column: string, limit = 20) =>
    allowed(name)
      ? related(database, role, name, eq(registry[name].fieldsByName.get(column)!.column, userId), limit)
      : Promise.resolve([]);
  const first = async (name: CrudResource, column: string) => (await listOf(name, column, 1))[0] ?? null;
  const m = registry.matches.fieldsByName;
  const [profile, assessment, subscription, payments, matches, messageCounts, consentState, aiInteractions] =
    await Promise.all([
      first("profiles", "userId"),
      first("attachment_assessments", "userId"),
      first("subscriptions", "userId"),
      listOf("payments", "userId"),
      allowed("matches")
        ? related(
            database,
            role,
            "matches",
            or(eq(m.get("userAId")!.column, userId), eq(m.get("userBId")!.column, userId)),
          )
        : Promise.resolve([]),
      allowed("messages")
        ? database
            .rows<{ sent: number; received: number }>(
              sql`SELECT (SELECT count(*)::int FROM messages WHERE from_user_id = ${userId}) AS sent,
                       (SELECT count(*)::int FROM messages WHERE to_user_id = ${userId}) AS received`,
            )
            .then(([row]) => ({ sent: Number(row.sent), received: Number(row.received) }))
        : Promise.resolve(null),
      allowed("consent_logs")
        ? database
            .rows<{ consentType: string; granted: boolean; timestamp: string }>(
              sql`SELECT DISTINCT ON (consent_type) consent_type AS "consentType", granted, timestamp
                FROM consent_logs WHERE user_id = ${userId} ORDER BY consent_type, timestamp DESC`,
            )
            .then((rows) => rows.map((r) => ({ ...r, timestamp: new Date(r.timestamp).toISOString() })))
        : Promise.resolve([]),
      listOf("ai_interactions", "userId"),
    ]);
  return { profile, assessment, subscription, payments, matches, messageCounts, consentState, aiInteractions };
}
