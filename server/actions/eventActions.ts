"use server";

import type { ResourceRow } from "@/lib/resources/types";
import type { ActionResult } from "../errors";
import { register } from "../resources/registerForEvent";

/** Registers a user for an event; refused with fieldErrors.eventId "Event is full" beyond capacity. */
export async function registerForEvent(input: { eventId: string; userId: string }): Promise<ActionResult<ResourceRow>> {
  return register(input);
}
