import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { searchPeople } from "@/server/people/searchPeople";

export const dynamic = "force-dynamic";

const query = z.object({
  q: z.string().max(200, "q is too long (200 characters at most)"),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

/** Search-as-you-type for user selects: by email, name or a pasted id, as far as the role may search. */
export const GET = defineRoute({ resource: "users", action: "list", query }, async ({ q, limit }, { actor }) =>
  searchPeople(await getDatabase(), actor.role, q, limit),
);
