-- Revocable sessions: each staff JWT carries the session_version it was issued under; sign-out,
-- a password reset, disabling and a role change bump it, ending every existing session.
ALTER TABLE "staff_accounts" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;
