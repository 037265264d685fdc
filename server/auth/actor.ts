import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { StaffRole } from "@/db/schema/enums";

/** The signed-in staff member a request acts for. */
export interface StaffActor {
  staffId: string;
  email: string;
  name: string;
  role: StaffRole;
}

const explicitActor = new AsyncLocalStorage<StaffActor | null>();

/**
 * Runs `fn` as `actor` (tests, CLIs). Server code calls `currentActor()`, which otherwise reads the
 * next-auth session, so route handlers and actions are tested exactly as they run.
 */
export function runAsActor<T>(actor: StaffActor | null, fn: () => Promise<T>): Promise<T> {
  return explicitActor.run(actor, fn);
}

export async function currentActor(): Promise<StaffActor | null> {
  const store = explicitActor.getStore();
  if (store !== undefined) return store;
  const { sessionActor } = await import("./session");
  return sessionActor();
}
