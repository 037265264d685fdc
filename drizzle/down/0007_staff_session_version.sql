ALTER TABLE "staff_accounts" DROP COLUMN IF EXISTS "session_version";
