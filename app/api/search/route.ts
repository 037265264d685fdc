import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { searchRecords } from "@/server/search/searchRecords";

export const dynamic = "force-dynamic";

const query = z.object({ q: z.string().max(200, "q is too long (200 characters at most)") });

/**
 * The command palette's record search. The route needs only a signed-in staff member (every role
 * has the dashboard); each kind of record is then searched only if the role may list it.
 */
export const GET = defineRoute({ resource: "dashboard", action: "list", query }, async ({ q }, { actor }) =>
  searchRecords(await getDatabase(), actor.role, q),
);
