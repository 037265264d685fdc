import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
import { staffRoles } from "./enums";

/** Back-office accounts. Staff are not platform users and never appear in `users`. */
export const staffAccounts = pgTable(
  "staff_accounts",
  {
    id: id(),
    email: varchar("email", { length: 255 }).notNull(),
    name: varchar("name", { length: 100 }).notNull(),
    passwordHash: varchar("password_hash", { length: 255 }).notNull(),
    role: varchar("role", { length: 30 }).notNull(),
    disabled: boolean("disabled").notNull().default(false),
    // Every session carries the version it was issued under; bumping it (sign-out, password reset,
    // disabling, a role change) ends all of this account's sessions at their next request.
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ix_staff_accounts_email").on(t.email),
    index("ix_staff_accounts_role").on(t.role),
    check("ck_staff_accounts_role", oneOf("role", staffRoles)),
  ],
);

/**
 * The sign-in throttle's counters (server/auth/throttle.ts): failed password checks per email and
 * client network, and per network alone (email ''), within a window that starts at the first
 * failure. One atomic upsert per attempt counts it before the password is checked, so parallel
 * attempts cannot all slip under the limit. `address` is the truncated network, never a full IP.
 */
export const staffSignInThrottle = pgTable(
  "staff_sign_in_throttle",
  {
    email: varchar("email", { length: 255 }).notNull(),
    address: varchar("address", { length: 64 }).notNull(),
    failures: integer("failures").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "pk_staff_sign_in_throttle", columns: [t.email, t.address] }),
    check("ck_staff_sign_in_throttle_failures", sql`failures >= 0`),
  ],
);
