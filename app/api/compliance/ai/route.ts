import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { aiDailyMetrics, aiFilters, aiSession, aiViolations, violationKinds } from "@/server/compliance/aiTransparency";
import { logRead } from "@/server/compliance/readLog";
import { peopleById } from "@/server/people/peopleById";

export const dynamic = "force-dynamic";

const query = aiFilters.extend({
  violation: z.enum(violationKinds).optional(),
  session: z.string().trim().min(1).max(100).optional(),
});

/** EU AI Act Art. 50 metrics; or one kind of violation; or one session's interactions. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "list", query },
  async ({ violation, session, ...filters }, { actor, request }) => {
    const database = await getDatabase();
    await logRead(
      { actor, request },
      session ? "ai_session" : violation ? "ai_violations" : "ai_metrics",
      { ...filters, violation, session },
      "eu_ai_act",
    );
    if (session) return { session: await aiSession(database, session) };
    if (violation) {
      const found = await aiViolations(database, violation, filters);
      return {
        ...found,
        people: await peopleById(
          database,
          actor.role,
          found.rows.map((row) => row.user_id),
        ),
      };
    }
    return { metrics: await aiDailyMetrics(database, filters) };
  },
);
