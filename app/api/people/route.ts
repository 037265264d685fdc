import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { isUuid } from "@/server/resources/listParams";
import { peopleById } from "@/server/people/peopleById";

export const dynamic = "force-dynamic";

const query = z.object({
  ids: z
    .string()
    .transform((text) => text.split(",").filter(Boolean))
    .pipe(
      z
        .array(z.string().refine(isUuid, "ids: each must be a user id"))
        .min(1, "ids: at least one user id")
        .max(100, "ids: at most 100 user ids"),
    ),
});

/** The people behind some user ids (a screen whose own response did not carry them), masked for the role. */
export const GET = defineRoute({ resource: "users", action: "list", query }, async ({ ids }, { actor }) => ({
  people: await peopleById(await getDatabase(), actor.role, ids),
}));
