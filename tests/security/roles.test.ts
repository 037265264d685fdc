import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, setDatabase, sql, type Database } from "../../db/client";
import { migrateToHead, readySchema, regrantAppRoles, SchemaBehindError } from "../../db/migrator";
import { connectionRole, setUpRoles } from "../../db/roles";
import { runAsActor } from "../../server/auth/actor";
import { verifyChain } from "../../server/audit/chain";
import { sequenceAuditChain } from "../../server/audit/sequencer";
import { advanceRequest, completeRequest, fileRequest } from "../../server/compliance/requestActions";
import { unwrap } from "../compliance/support";
import { currentEngine } from "../support/engine";
import { insertUser } from "../support/fixtures";
import { adminUrl, databaseUrl, quoteIdent } from "../support/postgresUrls";

/**
 * Issue #9 §1: as the least-privilege app role, the evidence cannot be rewritten. Roles exist only
 * on PostgreSQL: PGlite is one process running as its superuser, so this file is skipped there.
 * Builds its own database from template0 (the shared template is migrated by a superuser) and
 * its own cluster-wide roles, dropped afterwards.
 */
const onPostgres = currentEngine() === "postgres";

describe.skipIf(!onPostgres)("least-privilege roles (PostgreSQL only: PGlite has a single superuser)", () => {
  const tag = crypto.randomBytes(4).toString("hex");
  const ownerRole = `sbtest_owner_${tag}`;
  const appRole = `sbtest_app_${tag}`;
  let name: string;
  let admin: postgres.Sql;
  let superuser: Database;
  let owner: Database;
  let app: Database;
  /** Connects as `role` to the test database (the server trusts local connections; passwords are still set). */
  const urlAs = (role: string) => {
    const url = new URL(databaseUrl(adminUrl(), name));
    url.username = role;
    url.password = "";
    return url.toString();
  };

  beforeAll(async () => {
    admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    name = `${inject("postgresRunPrefix")}roles_${tag}`;
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
    superuser = await openDatabase({ url: databaseUrl(adminUrl(), name) });
    await setUpRoles(superuser, { name: ownerRole, password: "owner-pw" }, { name: appRole, password: "app-pw" });
    owner = await openDatabase({ url: urlAs(ownerRole) });
    app = await openDatabase({ url: urlAs(appRole) });
  });

  afterAll(async () => {
    await Promise.all([app?.close(), owner?.close(), superuser?.close()]);
    if (!admin) return;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    for (const role of [appRole, ownerRole]) await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
    await admin.end({ timeout: 5 });
  });

  it("the app role refuses to start on a schema that is behind, saying how to migrate", async () => {
    const error = await readySchema(app).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaBehindError);
    expect((error as Error).message).toContain("MIGRATION_DATABASE_URL=");
    expect((error as Error).message).toContain("npm run db:migrate");
    expect((error as Error).message).toContain("0000_init");
  });

  it("the owner migrates; db:roles run again changes nothing that matters (idempotent)", async () => {
    expect((await migrateToHead(owner)).length).toBeGreaterThan(0);
    expect(await regrantAppRoles(owner)).toEqual([appRole]);
    await setUpRoles(superuser, { name: ownerRole, password: "owner-pw" }, { name: appRole, password: "app-pw" });
    const tables = await superuser.rows<{ tableowner: string }>(
      sql`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'`,
    );
    expect(tables.map((t) => t.tableowner)).toEqual([ownerRole]);
    // The app now starts without migrating, and knows it is neither superuser nor owner.
    const { applied, role } = await readySchema(app);
    expect(applied).toEqual([]);
    expect(role).toMatchObject({ name: appRole, superuser: false, ownsTables: false, canMigrate: false });
    expect(await connectionRole(owner)).toMatchObject({ superuser: false, ownsTables: true });
  });

  it("cannot set session_replication_role, nor was it granted the right to", async () => {
    await expect(app.exec("SET session_replication_role = replica")).rejects.toMatchObject({ code: "42501" });
    const [row] = await superuser.rows<{ allowed: boolean }>(
      sql`SELECT has_parameter_privilege(${appRole}, 'session_replication_role', 'SET') AS allowed`,
    );
    expect(row.allowed).toBe(false);
  });

  for (const table of ["compliance_logs", "consent_logs", "moderation_actions", "statements_of_reasons"]) {
    const attacks = {
      UPDATE: `UPDATE ${table} SET id = id`,
      DELETE: `DELETE FROM ${table}`,
      TRUNCATE: `TRUNCATE ${table}`,
      DROP: `DROP TABLE ${table}`,
      "DISABLE TRIGGER": `ALTER TABLE ${table} DISABLE TRIGGER USER`,
      "SET session_replication_role then DELETE": `SET LOCAL session_replication_role = replica; DELETE FROM ${table}`,
    };
    for (const [what, statement] of Object.entries(attacks)) {
      it(`refuses ${what} on ${table} (permission denied, nothing changes)`, async () => {
        const before = await superuser.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
        await expect(app.execInTransaction(statement)).rejects.toMatchObject({ code: "42501" });
        const after = await superuser.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
        expect(after).toEqual(before);
      });
    }
  }

  it("cannot move the chain head, create tables, or use temporary tables", async () => {
    await expect(app.exec("UPDATE compliance_chain_head SET seq = 0")).rejects.toMatchObject({ code: "42501" });
    await expect(app.exec("CREATE TABLE public.scratch (a int)")).rejects.toMatchObject({ code: "42501" });
    await expect(app.exec("CREATE TEMP TABLE scratch (a int)")).rejects.toMatchObject({ code: "42501" });
  });

  it("chains audit rows through the sequencer, but cannot update compliance_logs itself or forge chain values", async () => {
    // Chain values sent with an insert are ignored: the row waits unsequenced.
    await app.exec(`INSERT INTO compliance_logs (action_type, regulatory_framework, seq, prev_hash, hash)
      VALUES ('roles-forged', 'gdpr', 999, repeat('a', 64), repeat('b', 64))`);
    const waiting = sql`SELECT seq::int AS seq, prev_hash, hash FROM compliance_logs WHERE action_type = 'roles-forged'`;
    expect(await app.rows(waiting)).toEqual([{ seq: 0, prev_hash: "", hash: "" }]);
    // Not even with the sequencer's own setting: the app role has no UPDATE right on the evidence.
    for (const update of [
      "UPDATE compliance_logs SET seq = 999 WHERE action_type = 'roles-forged'",
      "UPDATE compliance_logs SET action_type = 'x' WHERE action_type = 'roles-forged'",
    ]) {
      await expect(app.execInTransaction(`SET LOCAL saltbitter.sequencing = 'on'; ${update}`)).rejects.toMatchObject({
        code: "42501",
      });
    }
    // The sequencer (owner's rights) chains it, with values it computes.
    expect(await sequenceAuditChain(app)).toBeGreaterThanOrEqual(1);
    const [row] = await app.rows<{ seq: number; prev_hash: string; hash: string }>(waiting);
    expect(row.seq).toBeGreaterThan(0);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hash).not.toBe("b".repeat(64));
    expect(await verifyChain(app)).toMatchObject({ ok: true, unsequenced: 0 });
  });

  it("files a report, which its trigger adds to the queue cache, but cannot write the cache itself", async () => {
    const subject = await insertUser(owner);
    await app.rows(sql`INSERT INTO reports (subject_kind, subject_user_id, source, category)
      VALUES ('user', ${subject}, 'user_notice', 'spam')`);
    const [item] = await app.rows<{ report_count: number }>(
      sql`SELECT report_count FROM moderation_queue_subjects WHERE subject_user_id = ${subject}`,
    );
    expect(item?.report_count).toBe(1);
    await expect(app.exec("UPDATE moderation_queue_subjects SET report_count = 0")).rejects.toMatchObject({
      code: "42501",
    });
    await expect(app.exec("DELETE FROM moderation_queue_subjects")).rejects.toMatchObject({ code: "42501" });
  });

  it("does the product's normal writes: defineAction mutations (an erasure included) append their audit rows", async () => {
    const user = await insertUser(owner, `roles-${tag}@example.test`);
    await owner.rows(
      sql`INSERT INTO consent_logs (user_id, consent_type, granted) VALUES (${user}, 'marketing', true)`,
    );
    const [staff] = await owner.rows<{ id: string }>(sql`
      INSERT INTO staff_accounts (email, name, password_hash, role)
      VALUES (${`dpo-${tag}@saltbitter.test`}, 'DPO', 'x', 'compliance_officer') RETURNING id`);
    const actor = {
      staffId: staff.id,
      email: `dpo-${tag}@saltbitter.test`,
      name: "DPO",
      role: "compliance_officer" as const,
    };
    const logsBefore = await app.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM compliance_logs`);

    setDatabase(app);
    const filed = await runAsActor(actor, async () =>
      unwrap(await fileRequest({ userId: user, requestType: "erasure", regime: "gdpr" })),
    );
    await runAsActor(actor, async () => {
      unwrap(await advanceRequest({ id: filed.id, status: "verified" }));
      unwrap(await completeRequest({ id: filed.id }));
    });

    const [erased] = await app.rows<{ erased: boolean }>(
      sql`SELECT erased_at IS NOT NULL AS erased FROM users WHERE id = ${user}`,
    );
    expect(erased.erased).toBe(true);
    // The rows wait unsequenced until the sequencer (the owner's SECURITY DEFINER function) chains them.
    await sequenceAuditChain(app);
    const logs = await app.rows<{ action_type: string; staff_id: string }>(
      sql`SELECT action_type, staff_id FROM compliance_logs ORDER BY seq OFFSET ${logsBefore[0].n}`,
    );
    expect(logs.map((l) => l.action_type)).toEqual([
      "staff.data_subject_requests.create",
      "staff.data_subject_requests.edit",
      "staff.data_subject_requests.complete",
      "staff.users.erase",
    ]);
    expect(logs.every((l) => l.staff_id === staff.id)).toBe(true);
    // The chain head moved through the owner's SECURITY DEFINER sequencer, and the chain holds.
    expect(await verifyChain(app)).toMatchObject({ ok: true, lastSeq: logsBefore[0].n + 4 });
    // The map refresh (a view the app does not own) runs through its SECURITY DEFINER function.
    await app.rows(sql`SELECT refresh_map_cells()`);
  });
});
