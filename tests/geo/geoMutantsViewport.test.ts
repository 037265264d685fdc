import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { pointsStatements, type Bounds } from "@/server/geo/viewport";

/**
 * The index search of the map's points mode (server/geo/viewport.ts, pointsStatements): the region
 * ix_profiles_location is asked for must hold the whole view, and must not be needlessly larger
 * (a larger region reads more of the index for every request). Read from the statement's text and
 * bind parameters, without a database. Expected values are worked out by hand:
 *
 * - a great circle through two points of the parallel φ, Δλ apart, reaches latitude
 *   atan(tan φ / cos(Δλ/2)) between them: for the 20°-wide edge at 50° that is 50.4313°, so the
 *   envelope must reach at least 0.4313° south of the view;
 * - sphere distances (mean radius 6,371,008.8 m) by the spherical law of cosines,
 *   cos d = sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ: (95°E, 45°N) to (60°E, 20°N) is 4,244,724 m,
 *   to (60°E, 70°N) 3,379,613 m; (0°, 0°) to (90°E, 45°N) is a quarter turn, 10,007,557 m.
 *   WGS84 distances differ from those by under 0.5%, so the circle must reach at least 0.5% past
 *   the farthest corner; 2% past it is taken as the most that is not wasteful.
 * - no two points of the WGS84 spheroid are more than 20,003,932 m apart (half a meridian).
 */
const dialect = new PgDialect();

type Search = { envelope: [number, number, number, number] } | { circle: { lng: number; lat: number; metres: number } };

function searchOf(view: Bounds): Search {
  const { sql, params } = dialect.sqlToQuery(pointsStatements(view, {}).rows);
  const param = (n: string) => Number(params[Number(n) - 1]);
  const envelope =
    /p\.location && ST_MakeEnvelope\(\$(\d+)::float8, \$(\d+)::float8,\s*\$(\d+)::float8, \$(\d+)::float8, 4326\)/.exec(
      sql,
    );
  const circle =
    /ST_DWithin\(p\.location, ST_SetSRID\(ST_MakePoint\(\$(\d+)::float8, \$(\d+)::float8\), 4326\)::geography, \$(\d+)::float8\)/.exec(
      sql,
    );
  if (envelope && !circle) {
    const [, w, s, e, n] = envelope;
    return { envelope: [param(w), param(s), param(e), param(n)] };
  }
  if (circle && !envelope) {
    const [, lng, lat, metres] = circle;
    return { circle: { lng: param(lng), lat: param(lat), metres: param(metres) } };
  }
  throw new Error(`expected one envelope or one circle in: ${sql}`);
}

function envelopeOf(view: Bounds): [number, number, number, number] {
  const search = searchOf(view);
  if (!("envelope" in search)) throw new Error(`expected an envelope for ${JSON.stringify(view)}`);
  return search.envelope;
}

function circleOf(view: Bounds): { lng: number; lat: number; metres: number } {
  const search = searchOf(view);
  if (!("circle" in search)) throw new Error(`expected a circle for ${JSON.stringify(view)}`);
  return search.circle;
}

describe("the points index search", () => {
  it("uses an envelope up to 20° wide and 20° high, a circle beyond", () => {
    expect(searchOf({ west: 100, south: 50, east: 120, north: 60 })).toHaveProperty("envelope");
    expect(searchOf({ west: 0, south: 40, east: 10, north: 60 })).toHaveProperty("envelope");
    expect(searchOf({ west: 100, south: 50, east: 120.5, north: 60 })).toHaveProperty("circle");
    expect(searchOf({ west: 0, south: 40, east: 10, north: 60.5 })).toHaveProperty("circle");
    expect(searchOf({ west: 60, south: 20, east: 130, north: 70 })).toHaveProperty("circle");
  });

  it("grows a 20° envelope past the bow of its great-circle edges, by less than a degree", () => {
    const [west, south, east, north] = envelopeOf({ west: 100, south: 50, east: 120, north: 60 });
    expect(south).toBeLessThanOrEqual(50 - 0.4313);
    expect(south).toBeGreaterThan(49);
    expect(west).toBeLessThan(100);
    expect(west).toBeGreaterThan(99);
    expect(east).toBeGreaterThan(120);
    expect(east).toBeLessThan(121);
    expect(north).toBeGreaterThan(60);
    expect(north).toBeLessThan(61);
  });

  it("grows even a tiny envelope on every side, by a few metres at most", () => {
    // 0.01° square: the bow is negligible, but an edge point must still be inside the envelope.
    const [west, south, east, north] = envelopeOf({ west: 140, south: -30, east: 140.01, north: -29.99 });
    expect(west).toBeLessThan(140);
    expect(west).toBeGreaterThan(140 - 1e-4);
    expect(south).toBeLessThan(-30);
    expect(south).toBeGreaterThan(-30 - 1e-4);
    expect(east).toBeGreaterThan(140.01);
    expect(east).toBeLessThan(140.01 + 1e-4);
    expect(north).toBeGreaterThan(-29.99);
    expect(north).toBeLessThan(-29.99 + 1e-4);
  });

  it("keeps an envelope at the edges of the world inside the valid ranges", () => {
    const [west, south, east, north] = envelopeOf({ west: -180, south: -90, east: -170, north: -80 });
    expect([west, south]).toEqual([-180, -90]);
    expect(east).toBeGreaterThan(-170);
    expect(north).toBeGreaterThan(-80);
    const [west2, south2, east2, north2] = envelopeOf({ west: 170, south: 80, east: 180, north: 90 });
    expect([east2, north2]).toEqual([180, 90]);
    expect(west2).toBeLessThan(170);
    expect(south2).toBeLessThan(80);
  });

  it("centres a circle on the view and reaches just past its farthest corner", () => {
    const circle = circleOf({ west: 60, south: 20, east: 130, north: 70 });
    expect(circle.lng).toBe(95);
    expect(circle.lat).toBe(45);
    // The southern corners are the farther ones (4,244,724 m against 3,379,613 m).
    expect(circle.metres).toBeGreaterThanOrEqual(4_244_724 * 1.005);
    expect(circle.metres).toBeLessThanOrEqual(4_244_724 * 1.02);
  });

  it("reaches a quarter turn for a view 180° wide, and the whole Earth only beyond", () => {
    const half = circleOf({ west: -90, south: -45, east: 90, north: 45 });
    expect([half.lng, half.lat]).toEqual([0, 0]);
    expect(half.metres).toBeGreaterThanOrEqual(10_007_557 * 1.005);
    expect(half.metres).toBeLessThanOrEqual(10_007_557 * 1.02);

    const world = circleOf({ west: -180, south: -60, east: 180, north: 60 });
    expect([world.lng, world.lat]).toEqual([0, 0]);
    expect(world.metres).toBeGreaterThanOrEqual(20_003_932);
    // A circle wider than the Earth reads nothing more: capped near half its circumference.
    expect(world.metres).toBeLessThanOrEqual(20_100_000);

    const wide = circleOf({ west: -170, south: -80, east: 170, north: 80 });
    expect([wide.lng, wide.lat]).toEqual([0, 0]);
    expect(wide.metres).toBeGreaterThanOrEqual(20_003_932);
    expect(wide.metres).toBeLessThanOrEqual(20_100_000);
  });
});
