import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { consentTimeline, currentConsent } from "@/server/compliance/consent";
import { logRead } from "@/server/compliance/readLog";

export const dynamic = "force-dynamic";

const query = z.object({ userId: z.guid("userId must be a UUID") });

/** One user's consent: the full timeline and the current state per type. */
export const GET = defineRoute(
  { resource: "compliance_views", action: "show", query },
  async ({ userId }, { actor, request }) => {
    const database = await getDatabase();
    const [timeline, current] = [await consentTimeline(database, userId), await currentConsent(database, userId)];
    await logRead({ actor, request }, "consent_timeline", { userId }, "gdpr", userId);
    return { timeline, current };
  },
);
