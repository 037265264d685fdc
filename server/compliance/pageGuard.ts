import "server-only";
import { redirect } from "next/navigation";
import { currentActor } from "../auth/actor";
import { can, type Resource } from "../auth/permissions";

/** Compliance screens: compliance officers and admins only; anyone else goes back to the dashboard. */
export async function requireCapability(resource: Resource): Promise<void> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (!can(actor.role, "list", resource)) redirect("/");
}
