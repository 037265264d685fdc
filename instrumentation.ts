/**
 * Runs once when the Next.js server starts, before it serves requests: the database starts
 * opening, migrating and (embedded only) seeding now, not on the first request (a PGlite +
 * PostGIS boot takes seconds). It is not awaited: Next serves pages meanwhile (the login page
 * needs no database), and whatever needs the database waits until it is ready (server/boot.ts).
 * A database that cannot be readied still stops the server.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before the first request: the sign-in throttle needs each request's socket address.
    const { installPeerAddressHeader } = await import("./server/auth/clientAddress");
    installPeerAddressHeader();
    const { prepareDatabaseOrExit } = await import("./server/boot");
    // Its synchronous part already installs the promise getDatabase() returns.
    void prepareDatabaseOrExit();
  }
}
