import "server-only";
import { z } from "zod";
import { profiles as table } from "@/db/schema";
import { knownGenders, knownLookingForGenders } from "@/db/schema/enums";
import { defineResource } from "../define";

const location = z.object({
  lat: z.coerce.number().min(-90, "Latitude must be between -90 and 90").max(90, "Latitude must be between -90 and 90"),
  lng: z.coerce
    .number()
    .min(-180, "Longitude must be between -180 and 180")
    .max(180, "Longitude must be between -180 and 180"),
});

export const profiles = defineResource({
  name: "profiles",
  singular: "Profile",
  plural: "Profiles",
  table,
  primaryKey: "userId",
  userColumn: "userId",
  fields: {
    userId: { label: "User" },
    // Analysts see initials only, so they cannot search, filter or sort by name either (seesVerbatim).
    name: { mask: "initials" },
    age: { min: 18, max: 120, rangeMessage: "Age must be between 18 and 120" },
    gender: { knownValues: knownGenders },
    lookingForGender: { knownValues: knownLookingForGenders },
    bio: { mask: "omit" },
    photos: { mask: "omit", schema: z.array(z.url("Each photo must be a URL")).max(20) },
    location: { mask: "round1", schema: location },
    // Computed by the app, never typed here: the range is for the filter.
    completenessScore: { min: 0, max: 100 },
    minAge: { min: 18, max: 120, rangeMessage: "Minimum age must be between 18 and 120" },
    maxAge: { min: 18, max: 120, rangeMessage: "Maximum age must be between 18 and 120" },
    maxDistanceKm: {
      label: "Max distance (km)",
      min: 1,
      max: 20000,
      rangeMessage: "Distance must be between 1 and 20000 km",
    },
  },
  list: ["name", "age", "gender", "lookingForGender", "completenessScore", "createdAt"],
  sortable: ["createdAt", "userId", "name", "age", "completenessScore"],
  defaultSort: { field: "createdAt", order: "desc" },
  filters: {
    name: ["contains", "eq"],
    age: ["gte", "lte", "eq"],
    gender: ["eq", "in"],
    lookingForGender: ["eq", "in", "isnull"],
    completenessScore: ["gte", "lte"],
    createdAt: ["gte", "lte"],
  },
  search: { fields: ["name"] },
  update: [
    "name",
    "age",
    "gender",
    "bio",
    "photos",
    "location",
    "lookingForGender",
    "minAge",
    "maxAge",
    "maxDistanceKm",
  ],
  relations: [{ field: "userId", resource: "users" }],
  // A profile is its user's (primary key user_id): its page is titled by the name.
  people: ["userId"],
  check: (row) =>
    Number(row.minAge) > Number(row.maxAge) ? { maxAge: "Maximum age must not be below minimum age" } : undefined,
});
