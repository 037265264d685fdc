/**
 * bcrypt's cost for staff passwords. No "server-only" here: the seed (db/seeding) hashes the demo
 * logins with it outside Next.js too.
 */
const PRODUCTION_BCRYPT_COST = 12;

/**
 * bcrypt's minimum, used only inside vitest's workers (vitest sets VITEST=true there; `next start`,
 * the benches and the scripts never do, and NODE_ENV=test alone does not lower it): the suite
 * hashes and compares staff passwords hundreds of times, a third of a second each at cost 12 in
 * bcryptjs. A comparison costs what its stored hash says, so a test database seeded at this cost
 * signs in as fast, and the unknown-email hash below matches it.
 */
const TEST_BCRYPT_COST = 4;

export const BCRYPT_COST = process.env.VITEST === "true" ? TEST_BCRYPT_COST : PRODUCTION_BCRYPT_COST;

/**
 * Unknown emails are compared against this, so they take as long as a wrong password. A fixed
 * hash (of a random password nobody kept, at BCRYPT_COST) rather than one computed at module load:
 * bcryptjs hashing at cost 12 took ~0.5 s of the event loop on the first request after a start,
 * while the database was opening. A match with it signs nobody in (there is no account).
 */
export const DUMMY_HASH =
  BCRYPT_COST === PRODUCTION_BCRYPT_COST
    ? "$2b$12$LhEkZWhHLZq1FFD3ezlIVe3q3ZMXbywgOCyvi8r0zAGzf9Hpm99ga"
    : "$2b$04$vxb7BHVjBTW8gtEVmyGtTuvrOS6MdnjVjmRFxLnSo7j0ENWY6539u";
