import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { listStatements, statementListQuery } from "@/server/moderation/statements/listStatements";

export const dynamic = "force-dynamic";

/** A page of a period's statements of reasons with the notice each member received (newest first). */
export const GET = defineRoute(
  { resource: "statements_of_reasons", action: "list", query: statementListQuery },
  async (query, { actor }) => listStatements(await getDatabase(), actor.role, query),
);
