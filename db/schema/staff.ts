import { boolean, check, index, integer, pgTable, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
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
