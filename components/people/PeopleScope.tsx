"use client";

import { useEffect } from "react";
import { forgetPeople } from "./peopleStore";

/**
 * Mounted once in the admin shell: the people remembered for one signed-in staff member are
 * forgotten when the shell goes (sign-out) or another staff member's session takes its place, so
 * an analyst who signs in after an admin in the same tab never sees an unmasked email from before.
 */
export function PeopleScope({ staffId }: { staffId: string }) {
  useEffect(() => forgetPeople, [staffId]);
  return null;
}
