import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, setDatabase, sql, type Database } from "@/db/client";
import { seedDatabase } from "@/db/seeding";
import { ReplicaRouter, setReplicaRouter } from "@/db/routing";
import type { ResourceRow } from "@/lib/resources/types";
import { updateRecord } from "@/server/actions/resourceActions";
import { runAsActor, type StaffActor } from "@/server/auth/actor";
import { healthResponse } from "@/server/health";
import { RECENT_WRITE_COOKIE } from "@/server/readRouting";
import { exportRoute, listRoute, showRoute } from "@/server/resources/routes";
import { freshDatabase, type TestDatabase } from "../support/database";
import { currentEngine, VIA_ENV } from "../support/engine";
import { databaseUrl } from "../support/postgresUrls";

/**
 * Reads on a real streaming replica (issue #11 §2). TEST_REPLICA_URL is a superuser URL of a hot
 * standby of TEST_DATABASE_URL's server (.ci/replica.sh makes one with pg_basebackup -R): the file's
 * database is created on the primary, reaches the replica by streaming, and the tests pause the
 * replica's replay (pg_wal_replay_pause) to tell which server answered — a paused replica still
 * serves the old value.
 */
const replicaServer = process.env.TEST_REPLICA_URL;
const runs = currentEngine() === "postgres" && process.env[VIA_ENV] !== "pgbouncer" && Boolean(replicaServer);

// Server actions set the read-your-writes cookie through next/headers: a jar stands in for the browser.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
}));

describe.skipIf(!runs)(
  `reads on a streaming replica${runs ? "" : " (skipped: needs the postgres project and TEST_REPLICA_URL, see .ci/replica.sh)"}`,
  () => {
    let primary: TestDatabase;
    let replica: Database;
    let replicaAdmin: postgres.Sql;
    let router: ReplicaRouter;
    let admin: StaffActor;
    let userId: string;

    const useRouter = (maxLagMs: number) => {
      router = new ReplicaRouter(replica, async () => primary.database, { maxLagMs, checkEveryMs: 0 });
      setReplicaRouter(router);
    };
    /** Waits until the replica has replayed everything the primary has written so far. */
    const replicated = async () => {
      const [{ lsn }] = await primary.database.rows<{ lsn: string }>(sql`SELECT pg_current_wal_lsn()::text AS lsn`);
      for (let i = 0; i < 300; i++) {
        const [row] = await replicaAdmin<
          { done: boolean }[]
        >`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS done`;
        if (row.done) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("the replica did not replay the primary's WAL within 30 s");
    };
    const pauseReplay = () => replicaAdmin`SELECT pg_wal_replay_pause()`;
    const resumeReplay = () => replicaAdmin`SELECT pg_wal_replay_resume()`;
    const setVerified = (verified: boolean) =>
      primary.database.rows(sql`UPDATE users SET verified = ${verified} WHERE id = ${userId}`);
    /** The user's `verified` as the show route answers it, with or without the browser's cookies. */
    const shownVerified = async (cookie?: string) => {
      const request = new Request(`http://backoffice.test/api/resources/users/${userId}`, {
        headers: cookie ? { cookie } : {},
      });
      const response = await runAsActor(admin, () =>
        showRoute(request, { params: Promise.resolve({ resource: "users", id: userId }) }),
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: ResourceRow }).data.verified;
    };

    beforeAll(async () => {
      primary = await freshDatabase();
      setDatabase(primary.database);
      await seedDatabase(primary.database, { users: 20, seed: 7, anchor: "2026-01-01T00:00:00Z" });
      const [staff] = await primary.database.rows<{ id: string; email: string; name: string }>(
        sql`SELECT id, email, name FROM staff_accounts WHERE role = 'admin' LIMIT 1`,
      );
      admin = { staffId: staff.id, email: staff.email, name: staff.name, role: "admin" };
      [{ id: userId }] = await primary.database.rows<{ id: string }>(sql`SELECT id FROM users ORDER BY id LIMIT 1`);
      replicaAdmin = postgres(replicaServer!, { max: 1, onnotice: () => {} });
      await resumeReplay(); // in case a killed run left it paused
      await replicated();
      replica = await openDatabase({ url: databaseUrl(replicaServer!, primary.name), poolMax: 3 });
    });

    afterAll(async () => {
      setReplicaRouter(null);
      if (replicaAdmin) {
        await resumeReplay().catch(() => {});
        await replicaAdmin.end({ timeout: 5 });
      }
      await replica?.close();
      await primary?.dispose();
    });

    it("reads a row written on the primary from the replica once it has replicated", async () => {
      useRouter(60_000);
      await setVerified(false);
      await replicated();
      // Other test files write to the primary meanwhile: caught up now means within the bound, not 0.
      expect(await router.status()).toMatchObject({ usable: true });
      await pauseReplay();
      try {
        // The primary moves on; the paused replica (well within the bound) still answers the replicated row.
        await setVerified(true);
        expect(await shownVerified()).toBe(false);
        expect((await primary.database.rows(sql`SELECT verified FROM users WHERE id = ${userId}`))[0]).toEqual({
          verified: true,
        });
        // The list and the export read there too.
        const list = await runAsActor(admin, () =>
          listRoute(new Request(`http://backoffice.test/api/resources/users?pageSize=100`), {
            params: Promise.resolve({ resource: "users" }),
          }),
        );
        const listed = (await list.json()) as { data: ResourceRow[] };
        expect(listed.data.find((row) => row.id === userId)?.verified).toBe(false);
        // The export reads on the replica and writes its audit row on the primary.
        const audits = async () =>
          (
            await primary.database.rows<{ n: number }>(
              sql`SELECT count(*)::int AS n FROM compliance_logs WHERE action_type LIKE '%export%'`,
            )
          )[0].n;
        const before = await audits();
        const csv = await runAsActor(admin, () =>
          exportRoute(new Request("http://backoffice.test/api/exports/users"), {
            params: Promise.resolve({ resource: "users" }),
          }),
        );
        expect(csv.status).toBe(200);
        expect((await csv.text()).split("\r\n").filter(Boolean).length).toBe(21);
        expect(await audits()).toBe(before + 1);
      } finally {
        await resumeReplay();
      }
    });

    it("sends a staff member's reads to the primary right after their own write (read-your-writes)", async () => {
      useRouter(60_000);
      await setVerified(false);
      await replicated();
      await pauseReplay();
      try {
        jar.clear();
        const result = await runAsActor(admin, () => updateRecord("users", userId, { verified: true }));
        expect(result).toMatchObject({ ok: true });
        const marker = jar.get(RECENT_WRITE_COOKIE);
        expect(Number(marker)).toBeGreaterThan(Date.now() - 5_000);
        // Their browser sends the marker: the primary answers, with their change.
        expect(await shownVerified(`other=1; ${RECENT_WRITE_COOKIE}=${marker}`)).toBe(true);
        // Someone else (no marker), or they after the window: the replica, not yet replayed.
        expect(await shownVerified()).toBe(false);
        expect(await shownVerified(`${RECENT_WRITE_COOKIE}=${Date.now() - 3_600_000}`)).toBe(false);
      } finally {
        await resumeReplay();
      }
    });

    it("skips a replica that lags beyond REPLICA_MAX_LAG_MS, shows the lag to admins, and returns to it", async () => {
      useRouter(300);
      await setVerified(false);
      await replicated();
      await pauseReplay();
      try {
        await setVerified(true);
        await new Promise((resolve) => setTimeout(resolve, 800));
        const status = await router.status();
        expect(status).toMatchObject({ usable: false, maxLagMs: 300 });
        expect(status.lagMs).toBeGreaterThan(300);
        expect(status.lagBytes).toBeGreaterThan(0);
        // The lagging replica still has false; the read falls back to the primary.
        expect(await shownVerified()).toBe(true);

        const health = await runAsActor(admin, () => healthResponse(Promise.resolve(primary.database)));
        const body = (await health.json()) as { replica: { usable: boolean; lagMs: number } };
        expect(body.replica).toMatchObject({ usable: false, maxLagMs: 300 });
        expect(body.replica.lagMs).toBeGreaterThan(300);
      } finally {
        await resumeReplay();
      }
      await replicated();
      // Back within the bound (other files' writes may keep it a few ms behind): reads return to it.
      // The status that said so is the one checked: the next may find other files' writes in replay.
      let back: Awaited<ReturnType<typeof router.status>> | undefined;
      await expect
        .poll(async () => (back = await router.status()).usable, { timeout: 15_000, interval: 100 })
        .toBe(true);
      expect(back?.lagMs).toBeLessThanOrEqual(300);
      expect(await shownVerified()).toBe(true);
    });

    it("refuses to route reads to a server that is not in recovery", async () => {
      const notReplica = new ReplicaRouter(primary.database, async () => primary.database, {
        maxLagMs: 60_000,
        checkEveryMs: 0,
      });
      expect(await notReplica.status()).toMatchObject({
        usable: false,
        reason: expect.stringMatching(/not in recovery/),
      });
    });
  },
);
