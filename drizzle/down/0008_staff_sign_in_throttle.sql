-- Down migration for 0008: the sign-in throttle's counters go.
DROP TABLE IF EXISTS "staff_sign_in_throttle";
