import crypto from "node:crypto";
import { sql, type Database } from "@/db/client";
import type { StaffRole } from "@/db/schema/enums";
import type { StaffActor } from "@/server/auth/actor";

/** Helpers shared by the map's tests (tests/geo/map*.test.ts). */
export const actorFor = (role: StaffRole): StaffActor => ({
  staffId: crypto.randomUUID(),
  email: `${role}@map.test`,
  name: `Map ${role}`,
  role,
});

export interface TestProfile {
  /** A chosen user id (else the database generates one). */
  id?: string;
  name: string;
  lng: number | null;
  lat: number | null;
  age?: number;
  gender?: string;
  lookingForGender?: string | null;
  minAge?: number;
  maxAge?: number;
  maxDistanceKm?: number;
  tier?: string;
  verified?: boolean;
  style?: string | null;
}

/** Inserts a user + profile (+ assessment when style is set) and returns the user id. */
export async function insertMapProfile(database: Database, p: TestProfile): Promise<string> {
  const [user] = await database.rows<{ id: string }>(sql`
    INSERT INTO users (id, email, password_hash, subscription_tier, verified)
    VALUES (${p.id ?? crypto.randomUUID()}, ${`${crypto.randomUUID()}@map.test`}, 'x', ${p.tier ?? "free"},
      ${p.verified ?? false}) RETURNING id`);
  const location =
    p.lng === null || p.lat === null
      ? sql`NULL`
      : sql`ST_SetSRID(ST_MakePoint(${p.lng}::float8, ${p.lat}::float8), 4326)::geography`;
  await database.rows(sql`
    INSERT INTO profiles (user_id, name, age, gender, location, looking_for_gender, min_age, max_age, max_distance_km)
    VALUES (${user.id}, ${p.name}, ${p.age ?? 30}, ${p.gender ?? "woman"}, ${location}, ${p.lookingForGender ?? null},
      ${p.minAge ?? 18}, ${p.maxAge ?? 99}, ${p.maxDistanceKm ?? 50})`);
  if (p.style) {
    await database.rows(sql`
      INSERT INTO attachment_assessments (user_id, anxiety_score, avoidance_score, style, total_questions)
      VALUES (${user.id}, 50, 50, ${p.style}, 30)`);
  }
  return user.id;
}

/** Calls a GET route handler the way Next.js does, as the given role. */
export async function callRoute(
  handler: (request: Request) => Promise<Response>,
  path: string,
  params: Record<string, string | number>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(path, "http://map.test");
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  const response = await handler(new Request(url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
