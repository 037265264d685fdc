import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { DomainError } from "../errors";
import { restrictedUsers } from "../moderation/enforcement";
import { placeable } from "./filters";
import { nearestOnSpheroid } from "./nearest";
import type { NearbyProfile } from "./radius";

/** The selected user's matching preferences, as stored on their profile. */
export interface Seeker {
  id: string;
  name: string;
  age: number;
  gender: string;
  lng: number;
  lat: number;
  lookingForGender: string | null;
  minAge: number;
  maxAge: number;
  maxDistanceKm: number;
}

export interface CandidatesResult {
  seeker: Seeker;
  candidates: NearbyProfile[];
  limit: number;
}

/** A profile's place and preferences; a DomainError when it has no placeable location. */
export async function seekerOf(database: Database, userId: string): Promise<Seeker> {
  const [row] = await database.rows<{
    id: string;
    name: string;
    age: number;
    gender: string;
    lng: number | null;
    lat: number | null;
    looking_for_gender: string | null;
    min_age: number;
    max_age: number;
    max_distance_km: number;
    placeable: boolean;
  }>(sql`
    SELECT p.user_id AS id, p.name, p.age, p.gender, ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat,
      p.looking_for_gender, p.min_age, p.max_age, p.max_distance_km, coalesce(${placeable}, false) AS placeable
    FROM profiles p WHERE p.user_id = ${userId}`);
  if (!row) throw new DomainError("not_found", "No profile for this user.", { userId: "has no profile" });
  if (!row.placeable || row.lng === null || row.lat === null) {
    throw new DomainError("invalid", "This user's profile has no usable location.", {
      userId: "has no usable location",
    });
  }
  return {
    id: row.id,
    name: row.name,
    age: Number(row.age),
    gender: row.gender,
    lng: Number(row.lng),
    lat: Number(row.lat),
    lookingForGender: row.looking_for_gender,
    minAge: Number(row.min_age),
    maxAge: Number(row.max_age),
    maxDistanceKm: Number(row.max_distance_km),
  };
}

/**
 * Location-based match candidates for one user: profiles within the user's max_distance_km whose
 * own max_distance_km also reaches the user, each accepting the other's gender (looking_for_gender
 * null or 'everyone' accepts any) and age. Nearest first. Accounts under any restriction now
 * (visibility restricted, suspended, terminated: server/moderation/enforcement.ts) are no candidates.
 */
export async function matchCandidates(database: Database, userId: string, limit = 100): Promise<CandidatesResult> {
  const seeker = await seekerOf(database, userId);
  const candidates = await nearestOnSpheroid(database, (within) => candidatesStatement(seeker, limit, within), limit);
  return { seeker, candidates, limit };
}

/**
 * The candidates query for a seeker (exported so tests can check its plan). With `withinMetres`, it
 * reads every candidate that near instead of walking the index (nearestOnSpheroid).
 */
export function candidatesStatement(seeker: Seeker, limit: number, withinMetres?: number): SQL {
  const here = sql`ST_SetSRID(ST_MakePoint(${seeker.lng}::float8, ${seeker.lat}::float8), 4326)::geography`;
  const wants = seeker.lookingForGender;
  return sql`
    SELECT p.user_id AS id, p.name, p.age, p.gender, ST_X(p.location::geometry) AS lng, ST_Y(p.location::geometry) AS lat,
      ST_Distance(p.location, ${here}) AS metres
    FROM profiles p
    -- The explicit && steers the planner to one distance-ordered GIST scan (see radius.ts).
    WHERE p.location && _ST_Expand(${here}, ${seeker.maxDistanceKm * 1000}::float8)
      AND ST_DWithin(p.location, ${here}, ${seeker.maxDistanceKm * 1000}::float8)
      AND ST_DWithin(p.location, ${here}, p.max_distance_km * 1000.0)
      AND p.user_id <> ${seeker.id}
      AND ${placeable}
      AND (${wants}::text IS NULL OR ${wants}::text = 'everyone' OR p.gender = ${wants}::text)
      AND (p.looking_for_gender IS NULL OR p.looking_for_gender = 'everyone' OR p.looking_for_gender = ${seeker.gender})
      AND p.age BETWEEN ${seeker.minAge}::int AND ${seeker.maxAge}::int
      AND ${seeker.age}::int BETWEEN p.min_age AND p.max_age
      -- OFFSET 0 keeps this a per-candidate lookup on ix_moderation_actions_restrictive_subject_user_id
      -- inside the distance-ordered scan; without it the planner hash-anti-joins the whole restricted set
      -- and sorts every profile in range (EXPLAIN ANALYZE at 100k decisions).
      AND NOT EXISTS (SELECT 1 FROM ${restrictedUsers()} r WHERE r.user_id = p.user_id OFFSET 0)
      ${withinMetres === undefined ? sql`ORDER BY p.location <-> ${here} LIMIT ${limit}` : sql`AND ST_DWithin(p.location, ${here}, ${withinMetres}::float8)`}`;
}
