import { z } from "zod";
import { attachmentStyles, subscriptionTiers } from "@/db/schema/enums";

/**
 * Query-string schemas of the map's GET routes. Every value arrives as text; each is parsed
 * with a message naming what was wrong, and `.strict()` makes an unknown parameter a 400.
 */
const numberText = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, "must be a number")
  .transform(Number);
const number = (min: number, max: number, unit = "") =>
  numberText.pipe(z.number().min(min, `must be at least ${min}${unit}`).max(max, `must be at most ${max}${unit}`));
const integer = (min: number, max: number) =>
  numberText.pipe(
    z.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  );

export const genders = ["woman", "man", "non-binary"] as const;
/** "none": profiles without an attachment assessment. */
export const styleFilters = [...attachmentStyles, "none"] as const;

export const filterShape = {
  gender: z.enum(genders, { error: `must be one of ${genders.join(", ")}` }).optional(),
  minAge: integer(18, 120).optional(),
  maxAge: integer(18, 120).optional(),
  tier: z.enum(subscriptionTiers, { error: `must be one of ${subscriptionTiers.join(", ")}` }).optional(),
  verified: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .optional(),
  style: z.enum(styleFilters, { error: `must be one of ${styleFilters.join(", ")}` }).optional(),
};

const ageOrder = <T extends { minAge?: number; maxAge?: number }>(value: T) =>
  value.minAge === undefined || value.maxAge === undefined || value.minAge <= value.maxAge;
const ageOrderError = { message: "must not be below minAge", path: ["maxAge"] };

export const viewportQuery = z
  .object({
    west: number(-180, 180, "°"),
    south: number(-90, 90, "°"),
    east: number(-180, 180, "°"),
    north: number(-90, 90, "°"),
    zoom: integer(0, 22),
    ...filterShape,
  })
  .strict()
  .refine((q) => q.west < q.east, { message: "must be east of west", path: ["east"] })
  .refine((q) => q.south < q.north, { message: "must be north of south", path: ["north"] })
  .refine(ageOrder, ageOrderError);

/** The API accepts any radius up to half the Earth's circumference; the screen offers 1–500 km. */
export const maxRadiusKm = 20_000;

export const radiusQuery = z
  .object({
    lat: number(-90, 90, "°"),
    lng: number(-180, 180, "°"),
    radiusKm: number(0.001, maxRadiusKm, " km"),
    limit: integer(1, 500).optional(),
    ...filterShape,
  })
  .strict()
  .refine(ageOrder, ageOrderError);

// Any 8-4-4-4-12 hex id, as everywhere else in the app (server/resources/define.ts): seeded ids
// are md5 hashes cast to uuid, without the RFC 4122 version and variant that z.uuid() demands.
const userId = z.guid("must be a user id");

export const candidatesQuery = z.object({ userId, limit: integer(1, 500).optional() }).strict();
export const profileLocationQuery = z.object({ userId }).strict();

export const anomalyKinds = ["missing", "null_island", "out_of_range"] as const;
export const anomaliesQuery = z
  .object({
    kind: z.enum(anomalyKinds, { error: `must be one of ${anomalyKinds.join(", ")}` }).optional(),
    limit: integer(1, 500).optional(),
  })
  .strict();

export type MapFilters = {
  gender?: (typeof genders)[number];
  minAge?: number;
  maxAge?: number;
  tier?: (typeof subscriptionTiers)[number];
  verified?: boolean;
  style?: (typeof styleFilters)[number];
};
export type ViewportQuery = z.output<typeof viewportQuery>;
export type RadiusQuery = z.output<typeof radiusQuery>;
export type AnomalyKind = (typeof anomalyKinds)[number];
