import { prepareDatabase } from "@/server/boot";
import { healthResponse } from "@/server/health";

// Readiness probe (the e2e suite's webServer, npm start's launcher): 200 { ok: true } once the
// database is open, migrated and seeded, else 503 { ok: false }; details for signed-in admins only.
export const dynamic = "force-dynamic";

export function GET() {
  return healthResponse(prepareDatabase());
}
