import { z } from "zod";
import { getDatabase } from "@/db/client";
import { defineRoute } from "@/server/http";
import { retainedEvidence } from "@/server/compliance/erasure";
import { logRead } from "@/server/compliance/readLog";
import { deadlineBoard, deadlineRules, listRequests, nextStatuses } from "@/server/compliance/requests";
import { peopleById } from "@/server/people/peopleById";

export const dynamic = "force-dynamic";

/** Data-subject requests, the deadline board, and the rules the screen explains. */
export const GET = defineRoute(
  { resource: "data_subject_requests", action: "list", query: z.object({}) },
  async (_query, { actor, request }) => {
    const database = await getDatabase();
    const requests = await listRequests(database);
    const board = await deadlineBoard(database);
    await logRead({ actor, request }, "data_subject_requests", {});
    const people = await peopleById(
      database,
      actor.role,
      [...requests, ...board.overdue, ...board.dueSoon].map((r) => r.user_id),
    );
    return { requests, board, rules: deadlineRules, nextStatuses, retainedEvidence, people };
  },
);
