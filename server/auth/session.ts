import "server-only";
import type { StaffActor } from "./actor";

/**
 * Reads the staff member from the next-auth session. The next-auth options (server/auth/options.ts)
 * put staffId, role and name into the JWT and the session.
 */
export async function sessionActor(): Promise<StaffActor | null> {
  const [{ getServerSession }, { authOptions }] = await Promise.all([import("next-auth"), import("./options")]);
  const session = await getServerSession(authOptions);
  const user = session?.user as Partial<StaffActor> | undefined;
  if (!user?.staffId || !user.role || !user.email) return null;
  return { staffId: user.staffId, email: user.email, name: user.name ?? user.email, role: user.role };
}
