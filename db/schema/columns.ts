import { customType, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/** A WGS84 point. Stored as geography(Point,4326); spatial SQL lives in server/geo. */
export type LngLat = { lng: number; lat: number };

/** Parses the hex EWKB PostGIS returns for a geography point. */
export function parseEwkbPoint(hex: string): LngLat {
  const buf = Buffer.from(hex, "hex");
  const le = buf.readUInt8(0) === 1;
  const type = le ? buf.readUInt32LE(1) : buf.readUInt32BE(1);
  const hasSrid = (type & 0x20000000) !== 0;
  const offset = hasSrid ? 9 : 5;
  const read = (at: number) => (le ? buf.readDoubleLE(at) : buf.readDoubleBE(at));
  return { lng: read(offset), lat: read(offset + 8) };
}

/** Kept as a small custom type: Drizzle's PostGIS support has open bugs (ARCHITECTURE.md). */
export const geographyPoint = customType<{ data: LngLat; driverData: string }>({
  dataType() {
    return "geography(Point,4326)";
  },
  toDriver(value: LngLat) {
    return sql`ST_SetSRID(ST_MakePoint(${value.lng}, ${value.lat}), 4326)::geography`;
  },
  fromDriver(value: string) {
    return parseEwkbPoint(value);
  },
});

export const id = () => uuid("id").primaryKey().defaultRandom();
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
/** Kept current by the set_updated_at trigger (migration 0000), whatever writes the row. */
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** CHECK (col IN (...)) for a closed list of values. */
export const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
