import { sql, type Database } from "../../db/client";

/** Small raw-SQL builders for test rows: every column the tests do not care about gets a valid value. */
let counter = 0;
const unique = () => `${process.pid}-${++counter}`;

export async function insertUser(database: Database, email = `user-${unique()}@example.test`): Promise<string> {
  const [row] = await database.rows<{ id: string }>(
    sql`INSERT INTO users (email, password_hash) VALUES (${email}, 'x') RETURNING id`,
  );
  return row.id;
}

export async function insertProfile(database: Database, userId: string, name = "Test"): Promise<void> {
  await database.rows(sql`INSERT INTO profiles (user_id, name, age, gender) VALUES (${userId}, ${name}, 30, 'woman')`);
}

export async function insertEvent(database: Database, title = `Event ${unique()}`): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO events (title, type, start_time, end_time, capacity, price)
    VALUES (${title}, 'workshop', '2030-01-01T18:00:00Z', '2030-01-01T20:00:00Z', 20, 10)
    RETURNING id`);
  return row.id;
}

export async function insertPayment(database: Database, userId: string): Promise<string> {
  const [row] = await database.rows<{ id: string }>(sql`
    INSERT INTO payments (user_id, amount, type, status) VALUES (${userId}, 9.99, 'event_ticket', 'succeeded')
    RETURNING id`);
  return row.id;
}
