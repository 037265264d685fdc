import "server-only";
import { getDatabase, type Database } from "@/db/client";
import { databaseConfig } from "@/db/config";
import { replicaRouter } from "@/db/routing";

/**
 * Read-your-writes across app servers: after a staff member's mutation (defineAction), a short-lived
 * cookie records when they wrote; while it is fresh, their reads go to the primary, so they see their
 * own change even if the replica has not replayed it yet. The marker travels with the browser, not in
 * any app server's memory. It says nothing secret: forging it only sends one's own reads to the primary.
 */
export const RECENT_WRITE_COOKIE = "sb_recent_write";

/** Whether a marker (the write's time in ms) is within the read-your-writes window. */
export function isRecentWrite(marker: string | undefined, now = Date.now()): boolean {
  const wroteAt = Number(marker);
  if (!marker || !Number.isFinite(wroteAt)) return false;
  // A little future tolerance for clocks of app servers that disagree.
  return wroteAt <= now + 60_000 && now - wroteAt < databaseConfig.readYourWritesMs;
}

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The request's marker: from the Request a route handler has, else the current request's cookies (server components). */
async function markerOf(request: Request | undefined): Promise<string | undefined> {
  if (request) return cookieOf(request, RECENT_WRITE_COOKIE);
  try {
    const { cookies } = await import("next/headers");
    return (await cookies()).get(RECENT_WRITE_COOKIE)?.value;
  } catch {
    return undefined; // outside a request (CLIs, tests): no marker
  }
}

/**
 * The database for a list, show, map, dashboard or export read: the replica when one is configured,
 * within its lag bound, and the reader has not written recently; else the primary (db/routing.ts).
 */
export async function readDatabaseFor(request?: Request): Promise<Database> {
  const router = await replicaRouter();
  if (!router) return getDatabase();
  return router.readDatabase({ recentWrite: isRecentWrite(await markerOf(request)) });
}

/**
 * Called by defineAction after a mutation committed: marks the staff member's browser so their next
 * reads go to the primary. Only with a replica (otherwise every read is on the primary anyway). Setting
 * a cookie in a server action also makes Next.js render the current page again, from the primary.
 */
export async function noteOwnWrite(): Promise<void> {
  if (!(await replicaRouter())) return;
  try {
    const { cookies } = await import("next/headers");
    (await cookies()).set(RECENT_WRITE_COOKIE, String(Date.now()), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
      maxAge: Math.ceil(databaseConfig.readYourWritesMs / 1000) + 1,
    });
  } catch {
    // Outside a request (CLIs, tests) there is no browser to mark.
  }
}
