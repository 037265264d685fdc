import { sql, type Database } from "@/db/client";
import { insertUser } from "../support/fixtures";

/** A platform user with a profile (name, photos), as the seed would make one. */
export async function insertPerson(
  database: Database,
  person: { email: string; name?: string; photos?: string[] },
): Promise<string> {
  const id = await insertUser(database, person.email);
  if (person.name !== undefined) {
    await database.rows(sql`
      INSERT INTO profiles (user_id, name, age, gender, photos)
      VALUES (${id}, ${person.name}, 31, 'man', ${JSON.stringify(person.photos ?? [])}::jsonb)`);
  }
  return id;
}

/** A short random token, so one file's rows never collide with another's (emails are unique). */
export const token = () => Math.random().toString(36).slice(2, 8);

type Logger = { logQuery(query: string, params: unknown[]): void };
type WithSession = { _: { session: { logger: Logger } } };

/**
 * Every SQL statement `run` sends through Drizzle (the typed builder and raw `rows()` alike), by
 * swapping in a logger for its duration: what the tests count to show a page costs one people lookup.
 */
export async function queriesDuring<T>(
  database: Database,
  run: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const session = (database.db as unknown as WithSession)._.session;
  const previous = session.logger;
  const queries: string[] = [];
  session.logger = { logQuery: (query) => queries.push(query) };
  try {
    return { result: await run(), queries };
  } finally {
    session.logger = previous;
  }
}
