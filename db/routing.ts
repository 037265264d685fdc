import { getDatabase, openDatabase, sql, type Database } from "./client";
import { databaseConfig } from "./config";

/**
 * Reads on a streaming replica (DATABASE_REPLICA_URL), writes on the primary. Callers never pick a
 * server: `router.readDatabase()` hands them a `Database` — the replica's when one is configured, the reader
 * has not just written (read-your-writes) and the replica is within REPLICA_MAX_LAG_MS of the primary,
 * else the primary's. The lag is measured at most every REPLICA_LAG_CHECK_MS per app server and cached
 * (a process-wide cache of the replica's state, nothing per staff member: app servers stay stateless).
 * server/readRouting.ts picks per request (read-your-writes); a replica refuses writes (read-only).
 */
export interface ReplicaStatus {
  /** Whether reads may go to the replica now (configured, reachable, a replica, within the bound). */
  usable: boolean;
  /** How far behind the primary it is: 0 when it has replayed everything the primary had; null when unknown. */
  lagMs: number | null;
  /** WAL bytes the primary had and the replica had not replayed, when measured. */
  lagBytes: number | null;
  maxLagMs: number;
  /** When the figures were measured (ISO), or null before the first check. */
  checkedAt: string | null;
  /** Why the replica is skipped, when it is. */
  reason?: string;
}

export interface ReplicaSettings {
  maxLagMs: number;
  checkEveryMs: number;
}

interface LagRow extends Record<string, unknown> {
  in_recovery: boolean;
  caught_up: boolean;
  behind_bytes: number | string | null;
  since_replay_ms: number | string | null;
}

/** One replica, its cached lag, and the choice between it and the primary. */
export class ReplicaRouter {
  private cached: { status: ReplicaStatus; at: number } | undefined;
  private checking: Promise<ReplicaStatus> | undefined;

  constructor(
    readonly replica: Database,
    private readonly primary: () => Promise<Database>,
    readonly settings: ReplicaSettings,
  ) {}

  /** The replica's state, measured at most every `checkEveryMs` (concurrent callers share one check). */
  async status(): Promise<ReplicaStatus> {
    if (this.cached && Date.now() - this.cached.at < this.settings.checkEveryMs) return this.cached.status;
    this.checking ??= this.measure().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** The database a read should use: the primary right after the reader's own write, or when the replica lags. */
  async readDatabase(options: { recentWrite: boolean }): Promise<Database> {
    if (options.recentWrite) return this.primary();
    return (await this.status()).usable ? this.replica : this.primary();
  }

  /** Forget the cached measurement (tests). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async measure(): Promise<ReplicaStatus> {
    const { maxLagMs } = this.settings;
    let status: ReplicaStatus;
    try {
      // The primary's position first, then what the replica has replayed: a replica that has replayed
      // it is fully caught up (lag 0), else its lag is the time since the last transaction it replayed.
      const [{ lsn }] = await (
        await this.primary()
      ).rows<{ lsn: string }>(sql`SELECT pg_current_wal_lsn()::text AS lsn`);
      const [row] = await this.replica.rows<LagRow>(sql`
        SELECT pg_is_in_recovery() AS in_recovery,
               coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, false) AS caught_up,
               pg_wal_lsn_diff(${lsn}::pg_lsn, pg_last_wal_replay_lsn())::float8 AS behind_bytes,
               (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_replay_ms`);
      const checkedAt = new Date().toISOString();
      if (!row.in_recovery) {
        status = {
          usable: false,
          lagMs: null,
          lagBytes: null,
          maxLagMs,
          checkedAt,
          reason: "DATABASE_REPLICA_URL is not in recovery (a primary, or a promoted replica): not used for reads",
        };
      } else {
        const lagBytes = row.caught_up ? 0 : row.behind_bytes === null ? null : Math.max(0, Number(row.behind_bytes));
        const lagMs = row.caught_up
          ? 0
          : row.since_replay_ms === null
            ? null
            : Math.max(0, Number(row.since_replay_ms));
        const usable = lagMs !== null && lagMs <= maxLagMs;
        status = {
          usable,
          lagMs: lagMs === null ? null : Math.round(lagMs),
          lagBytes,
          maxLagMs,
          checkedAt,
          ...(usable
            ? {}
            : {
                reason: lagMs === null ? "replica lag unknown" : `replica lag over REPLICA_MAX_LAG_MS (${maxLagMs} ms)`,
              }),
        };
      }
    } catch (error) {
      status = {
        usable: false,
        lagMs: null,
        lagBytes: null,
        maxLagMs,
        checkedAt: new Date().toISOString(),
        reason: `replica unreachable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    this.cached = { status, at: Date.now() };
    return status;
  }
}

// One router per process, shared by bundled (Next) and unbundled (tsx) copies of this module.
const routerKey = Symbol.for("saltbitter.replicaRouter");
type RouterGlobal = typeof globalThis & { [routerKey]?: Promise<ReplicaRouter | null> };

/** The process-wide router, or null without DATABASE_REPLICA_URL (or on the embedded engine). */
export function replicaRouter(): Promise<ReplicaRouter | null> {
  const g = globalThis as RouterGlobal;
  g[routerKey] ??= openRouter().catch((error: unknown) => {
    delete g[routerKey];
    throw error;
  });
  return g[routerKey];
}

async function openRouter(): Promise<ReplicaRouter | null> {
  const url = databaseConfig.replicaUrl;
  if (!url || !databaseConfig.url) return null;
  const replica = await openDatabase({ url, poolMax: databaseConfig.replicaPoolMax });
  return new ReplicaRouter(replica, getDatabase, {
    maxLagMs: databaseConfig.replicaMaxLagMs,
    checkEveryMs: databaseConfig.replicaLagCheckMs,
  });
}

/** For tests: route reads through this router (or none). */
export function setReplicaRouter(router: ReplicaRouter | null): void {
  (globalThis as RouterGlobal)[routerKey] = Promise.resolve(router);
}

/** The replica's state for the admin's health details, or null when there is none. */
export async function replicaStatus(): Promise<ReplicaStatus | null> {
  const router = await replicaRouter();
  return router ? router.status() : null;
}
