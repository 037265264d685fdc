/**
 * Runs once when the Next.js server starts, before it serves requests: the database opens,
 * migrates and (embedded only) seeds now, not on the first request (a cold PGlite + PostGIS
 * boot takes seconds).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareDatabaseOrExit } = await import("./server/boot");
    await prepareDatabaseOrExit();
  }
}
