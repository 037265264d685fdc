import "server-only";
import { z } from "zod";
import { defineAction } from "../actions/defineAction";
import { createIn } from "./mutations";
import { registry } from "./registry";

/** A registration through the generic create, whose beforeWrite locks the event and counts its seats. */
export const register = defineAction(
  {
    resource: "event_registrations",
    action: "create",
    input: z.object({ eventId: z.guid("Choose an event"), userId: z.guid("Choose a user") }),
  },
  (input, { actor, tx }) => createIn(registry.event_registrations, tx, actor.role, { ...input, status: "registered" }),
);
