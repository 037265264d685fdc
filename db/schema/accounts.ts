import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, geographyPoint, id, oneOf, updatedAt } from "./columns";
import { attachmentStyles, subscriptionTiers } from "./enums";

export const users = pgTable(
  "users",
  {
    id: id(),
    email: varchar("email", { length: 255 }).notNull(),
    passwordHash: varchar("password_hash", { length: 255 }).notNull(),
    verified: boolean("verified").notNull().default(false),
    subscriptionTier: varchar("subscription_tier", { length: 20 }).notNull().default("free"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** Set when a GDPR/CCPA erasure reduced this row to a tombstone kept only for the evidence that references it. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ix_users_email").on(t.email),
    index("ix_users_subscription_tier").on(t.subscriptionTier),
    // Keyset pagination of the users list (newest first, optionally within a tier).
    index("ix_users_created_at_id").on(t.createdAt, t.id),
    index("ix_users_tier_created_at_id").on(t.subscriptionTier, t.createdAt, t.id),
    // Back-office search (email contains …): trigram index, so a search never scans the table.
    index("ix_users_email_trgm").using("gin", t.email.op("gin_trgm_ops")),
    // List sorts (issue #12): ORDER BY <key>, id LIMIT n reads the index in order, however deep the page.
    index("ix_users_subscription_tier_id").on(t.subscriptionTier, t.id),
    // last_login_at is nullable: the list sorts by it as if never = -infinity (the same COALESCE here).
    index("ix_users_last_login_at_id").on(sql`coalesce(${t.lastLoginAt}, '-infinity'::timestamptz)`, t.id),
    check("ck_users_subscription_tier", oneOf("subscription_tier", subscriptionTiers)),
  ],
);

export const profiles = pgTable(
  "profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 100 }).notNull(),
    age: integer("age").notNull(),
    gender: varchar("gender", { length: 50 }).notNull(),
    bio: text("bio"),
    photos: jsonb("photos").$type<string[]>().notNull().default([]),
    location: geographyPoint("location"),
    completenessScore: doublePrecision("completeness_score").notNull().default(0),
    lookingForGender: varchar("looking_for_gender", { length: 50 }),
    minAge: integer("min_age").notNull().default(18),
    maxAge: integer("max_age").notNull().default(99),
    maxDistanceKm: integer("max_distance_km").notNull().default(50),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ix_profiles_user_id").on(t.userId),
    index("ix_profiles_location").using("gist", t.location),
    // Back-office list sort (newest first).
    index("ix_profiles_created_at").on(t.createdAt),
    index("ix_profiles_name_trgm").using("gin", t.name.op("gin_trgm_ops")),
    // List sorts (issue #12).
    index("ix_profiles_name_user_id").on(t.name, t.userId),
    index("ix_profiles_age_user_id").on(t.age, t.userId),
    index("ix_profiles_completeness_score_user_id").on(t.completenessScore, t.userId),
    // Gender filters: on profiles, and on users through EXISTS (its count reads this index, not both tables).
    index("ix_profiles_gender_user_id").on(t.gender, t.userId),
    check("ck_profiles_age_adult", sql`age >= 18 AND age <= 120`),
    check("ck_profiles_completeness_range", sql`completeness_score >= 0 AND completeness_score <= 100`),
    check("ck_profiles_min_age_adult", sql`min_age >= 18`),
    check("ck_profiles_age_preference_order", sql`min_age <= max_age`),
    check("ck_profiles_max_distance_positive", sql`max_distance_km > 0 AND max_distance_km <= 20000`),
    check("ck_profiles_photos_array", sql`jsonb_typeof(photos) = 'array'`),
  ],
);

export const attachmentAssessments = pgTable(
  "attachment_assessments",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    anxietyScore: doublePrecision("anxiety_score").notNull(),
    avoidanceScore: doublePrecision("avoidance_score").notNull(),
    style: varchar("style", { length: 20 }).notNull(),
    assessmentVersion: varchar("assessment_version", { length: 20 }).notNull().default("1.0"),
    totalQuestions: integer("total_questions").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Unique: one assessment per user.
    uniqueIndex("ix_attachment_assessments_user_id").on(t.userId),
    index("ix_attachment_assessments_style").on(t.style),
    index("ix_attachment_assessments_created_at").on(t.createdAt),
    // List sorts (issue #12).
    index("ix_attachment_assessments_style_id").on(t.style, t.id),
    index("ix_attachment_assessments_anxiety_score_id").on(t.anxietyScore, t.id),
    index("ix_attachment_assessments_avoidance_score_id").on(t.avoidanceScore, t.id),
    check("ck_attachment_assessments_style", oneOf("style", attachmentStyles)),
    check("ck_attachment_assessments_anxiety_range", sql`anxiety_score >= 0 AND anxiety_score <= 100`),
    check("ck_attachment_assessments_avoidance_range", sql`avoidance_score >= 0 AND avoidance_score <= 100`),
    check("ck_attachment_assessments_questions_positive", sql`total_questions > 0`),
  ],
);
