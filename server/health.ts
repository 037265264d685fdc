import "server-only";
import { NextResponse } from "next/server";
import { sql, type Database } from "@/db/client";
import { pendingMigrations } from "@/db/migrator";
import { replicaStatus } from "@/db/routing";
import { connectionRole } from "@/db/roles";
import { lastCheckpoint } from "./audit/checkpoint";
import { checkpointSettings } from "./audit/checkpointConfig";
import { currentActor } from "./auth/actor";
import { bootWarnings, roleWarning } from "./boot";
import { logServerError } from "./logging";

const noStore = { "Cache-Control": "no-store" };

/**
 * /api/health: up or down for anyone (a readiness probe needs no more, and an anonymous caller
 * learns nothing about the deployment); the details — engine, the database role and its warnings,
 * pending migrations, the read replica's lag — only for a signed-in admin. `ready` is the database once migrated and seeded.
 */
export async function healthResponse(ready: Promise<Database>): Promise<NextResponse> {
  let database: Database;
  try {
    database = await ready;
    await database.rows(sql`SELECT 1`);
  } catch (error) {
    logServerError("[health]", error);
    return NextResponse.json({ ok: false }, { status: 503, headers: noStore });
  }
  const actor = await currentActor().catch(() => null);
  if (actor?.role !== "admin") return NextResponse.json({ ok: true }, { headers: noStore });
  const [role, pending, replica] = await Promise.all([
    connectionRole(database),
    pendingMigrations(database),
    replicaStatus(),
  ]);
  const warnings = [...new Set([...bootWarnings(), roleWarning(database.engine, role)].filter((w) => w !== null))];
  return NextResponse.json(
    {
      ok: true,
      engine: database.engine,
      database: { role: role.name, superuser: role.superuser, ownsTables: role.ownsTables },
      migrations: { pending: pending.map((m) => m.tag) },
      // null without DATABASE_REPLICA_URL; else its lag, the bound, and whether reads use it now.
      replica,
      warnings,
      auditCheckpoints: checkpointStatus(),
    },
    { headers: noStore },
  );
}

/** Where checkpoints go and the latest one, or why there are none. */
function checkpointStatus() {
  try {
    const settings = checkpointSettings();
    if (!settings.signingKey) return { enabled: false };
    const last = lastCheckpoint(settings.file, settings.trustedKeys);
    return {
      enabled: true,
      file: settings.file,
      keyId: settings.signingKey.keyId,
      everyRows: settings.everyRows,
      everyMinutes: settings.everyMinutes,
      latest: last ? { seq: last.seq, at: last.at } : null,
    };
  } catch (error) {
    return { enabled: false, error: error instanceof Error ? error.message : String(error) };
  }
}
