import { NextResponse } from "next/server";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "@/server/boot";

// Readiness probe (used by the e2e suite's webServer): answers once the database is open,
// migrated and seeded.
export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const database = await prepareDatabase();
    const [row] = await database.rows<{ users: number }>(sql`SELECT count(*)::int AS users FROM users`);
    return NextResponse.json({ ok: true, engine: database.engine, users: Number(row?.users ?? 0) });
  } catch (error) {
    console.error("[health]", error);
    return NextResponse.json({ ok: false, error: "database unavailable" }, { status: 503 });
  }
}
