import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { consentTrend, provabilityGaps, specialCategoryGaps } from "@/server/compliance/consent";
import { consentLogFilters } from "@/server/compliance/filters";
import { logRead } from "@/server/compliance/readLog";
import { peopleById } from "@/server/people/peopleById";

export const dynamic = "force-dynamic";

const query = consentLogFilters.extend({ bucket: z.enum(["week", "month"]).default("month") });

/** Grants and withdrawals over time, the provability check and the special-category gaps. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "list", query },
  async ({ bucket, ...filters }, { actor, request }) => {
    const database = await getDatabase();
    const trend = await consentTrend(database, filters, bucket);
    const provability = await provabilityGaps(database, filters);
    const specialCategory = await specialCategoryGaps(database);
    await logRead({ actor, request }, "consent_overview", filters);
    const userIds = [...provability.rows, ...specialCategory.rows].map((row) => String(row.user_id));
    return { trend, provability, specialCategory, people: await peopleById(database, actor.role, userIds) };
  },
);
